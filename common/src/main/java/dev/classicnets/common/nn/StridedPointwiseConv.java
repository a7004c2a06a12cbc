package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 1x1 convolution with a stride and no bias, computed without libtorch's strided 1x1 kernel:
 * keep every {@code stride}-th row and column, then a stride-1 1x1 convolution. A 1x1 window sees
 * one pixel, so the numbers are those of {@code Conv2d} with the same stride.
 *
 * <p>Why: on AMD Zen 5 (EPYC, family 26) libtorch 2.7.1's oneDNN kills the JVM with SIGFPE in the
 * backward pass of a stride-2 1x1 convolution with 512 or more input channels
 * ({@code brgemm_convolution_bwd_strided_t}, {@code brg_blocking_t::est_eff_1x1}), also with
 * {@code ONEDNN_MAX_CPU_ISA=AVX2}: ResNet-50/101/152's downsampling shortcuts are such convolutions.
 *
 * <p>The weight has {@code Conv2d}'s name, shape (filters, C, 1, 1), initialiser and block version,
 * so parameter names, saved parameters and torchvision's state dict map onto it as onto {@code
 * Conv2d}.
 */
public class StridedPointwiseConv extends AbstractBlock {

    private static final byte VERSION = 3; // Convolution's: the saved bytes are the same

    private final int filters;
    private final int stride;
    private final Parameter weight;

    /**
     * @param filters output channels, at least 1
     * @param stride the step between kept rows and columns, at least 1
     */
    public StridedPointwiseConv(int filters, int stride) {
        super(VERSION);
        if (filters < 1 || stride < 1) {
            throw new IllegalArgumentException(
                    "StridedPointwiseConv needs filters >= 1 and stride >= 1, got " + filters + " and " + stride);
        }
        this.filters = filters;
        this.stride = stride;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    /** The step between kept rows and columns, as {@code Conv2d.getStride()} would give it. */
    public Shape getStride() {
        return new Shape(stride, stride);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), 1, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("StridedPointwiseConv expects (N, C, H, W) input, got " + x.getShape());
        }
        // (N, C, H, W) -> (N, C, ceil(H/s), ceil(W/s)): what a strided 1x1 window visits, as one 1x1 average
        // pool (the mean of one element is the element): its backward fills one zero gradient and writes the kept
        // pixels, where the two strided slices of x.get(":, :, ::s, ::s") each made zeros and copied into them
        // (ResNet-50 at 224, batch 4: 12 such zero-fills, 60 ms a step under libtorch's profiler)
        NDArray kept = stride == 1 ? x
                : Pool.avgPool2d(x, new Shape(1, 1), new Shape(stride, stride), new Shape(0, 0), false, true);
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        return Conv2d.conv2d(kept, w); // -> (N, filters, ceil(H/s), ceil(W/s))
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, ceilDiv(in.get(2)), ceilDiv(in.get(3)))};
    }

    private long ceilDiv(long size) {
        return (size + stride - 1) / stride;
    }

    @Override
    public String toString() {
        return "StridedPointwiseConv(" + filters + ", stride " + stride + ")";
    }
}
