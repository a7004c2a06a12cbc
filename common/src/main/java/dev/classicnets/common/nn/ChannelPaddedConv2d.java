package dev.classicnets.common.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} that computes what it should where libtorch 2.7.1's CPU convolution does not.
 *
 * <p>Measured with DJL 0.35.1 on an AMD EPYC Zen 5 (AVX-512), December 2026, float32 against
 * float64, batch 16, kernels 1x1, 3x3 and 4x4, strides 1 and 2, input channels 1-64 and output
 * channels 1-24 (four draws each):
 * <ul>
 *   <li>the <b>forward</b> pass of a kernel larger than 1x1 on a batch of two or more is wrong by
 *       10-40% of its range (sometimes NaN) when the <b>input</b> channel count is above 16 and not a
 *       multiple of 16 (20, 24; above 8 and not a multiple of 8 with {@code DNNL_MAX_CPU_ISA=AVX2});
 *   <li>the <b>input gradient</b> of a kernel larger than 1x1 is wrong by up to 90% (sometimes NaN) when the
 *       <b>output</b> channel count is not a multiple of 16 (1, 3, 8, 20, 24), at stride 1 for every
 *       input count and at stride 2 for 1 and 3 input channels; with 16, 32 or 48 outputs it was right
 *       (20 -> 8 padded to 32 -> 16 too, while 32 -> 8 stays wrong: input padding alone does not help);
 *   <li>the weight gradient and every 1x1 convolution were right.
 * </ul>
 * float64 and {@code DNNL_MAX_CPU_ISA=SSE41} are right, so it is oneDNN's vectorised kernels.
 * Zero channels change nothing in a convolution, so this layer pads the input and the weight with
 * zero input channels where the forward pass needs it, and the weight (and bias) with zero filters,
 * cut off again after the convolution, where the input gradient does (in a training pass, or when
 * the input is a leaf that needs a gradient).
 * Parameters, their names and shapes stay a {@code Conv2d}'s. Grouped convolutions are left alone.
 *
 * <p>A network's first convolution, over the data, is built with {@link #overData}: libtorch computes
 * no input gradient for an input that needs none, so its filters are padded only when the input is a
 * leaf asking for one (a saliency map, an adversarial example). Padding LeNet-5's C1 (6 filters, 28x28)
 * to 16 cut its training step from 6,900 to 2,800 images/s. A convolution whose input comes from another
 * layer (a GAN discriminator's from the generator) cannot tell: DJL reports no gradient for an
 * intermediate array, so it pads in every training pass.
 *
 * <p>A kernel that covers its whole input (LeNet-5's C5, DCGAN's last discriminator layer) gives one value per
 * filter and image: that is computed as the matrix product it is, which needs no padding and no convolution
 * kernel at all.
 */
public class ChannelPaddedConv2d extends Conv2d {

    /** A channel count that is a multiple of every vector width measured (8 and 16). */
    public static final int CHANNEL_BLOCK = 16;

    /** The convolution {@code builder} describes (as {@code builder.build()} would give). */
    public ChannelPaddedConv2d(Conv2d.Builder builder) {
        this(builder, false);
    }

    private final boolean overData;

    private ChannelPaddedConv2d(Conv2d.Builder builder, boolean overData) {
        super(builder);
        this.overData = overData;
    }

    /** The convolution {@code builder} describes, over a network's input (see the class comment). */
    public static ChannelPaddedConv2d overData(Conv2d.Builder builder) {
        return new ChannelPaddedConv2d(builder, true);
    }

    /** Whether this convolution was built to read a network's input ({@link #overData}). */
    public boolean isOverData() {
        return overData;
    }

    /** A convolution with {@code filters} k x k filters, stride s, padding p and no bias. */
    public static ChannelPaddedConv2d of(int filters, int k, int s, int p) {
        return new ChannelPaddedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k))
                .optStride(new Shape(s, s)).optPadding(new Shape(p, p)).optBias(false));
    }

    /**
     * Whether the kernel covers the whole (unpadded, undilated) input, so that each filter gives one value per
     * image: LeNet-5's C5 (16x5x5 -> 120), DCGAN's last discriminator layer. That is a matrix product.
     */
    private boolean coversItsInput(Shape input) {
        return groups == 1 && input.dimension() == 4 && input.get(2) == kernelShape.get(0)
                && input.get(3) == kernelShape.get(1) && padding.get(0) == 0 && padding.get(1) == 0
                && dilation.get(0) == 1 && dilation.get(1) == 1;
    }

    /** (N, C, kh, kw) x (F, C, kh, kw) -> (N, F, 1, 1) as one matrix product: no oneDNN kernel, no padding. */
    private static NDArray asMatrixProduct(NDArray x, NDArray w, NDArray b) {
        long n = x.getShape().get(0);
        long filters = w.getShape().get(0);
        NDArray flat = Parameters.scopedTo(w, x).reshape(filters, -1); // (F, C*kh*kw)
        NDArray bias = b == null ? null : Parameters.scopedTo(b, x);
        // (N, C*kh*kw) x (F, C*kh*kw)^T + bias -> (N, F): libtorch's linear, one addmm with the bias
        NDArray y = Linear.linear(x.reshape(n, -1), flat, bias).singletonOrThrow();
        return y.reshape(n, filters, 1, 1);
    }

    /** Whether the forward pass over {@code inChannels} (per group) with {@code kernel} pads the input. */
    public static boolean pads(long inChannels, Shape kernel, int groups) {
        return groups == 1 && inChannels > 8 && inChannels % CHANNEL_BLOCK != 0 && kernel.size() > 1;
    }

    /** Whether a convolution to {@code outChannels} with {@code kernel} pads its filters in a training pass. */
    public static boolean padsFilters(long outChannels, Shape kernel, int groups) {
        return groups == 1 && outChannels % CHANNEL_BLOCK != 0 && kernel.size() > 1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        Shape k = w.getShape();
        long filters = k.get(0);
        if (coversItsInput(x.getShape())) {
            return new NDList(asMatrixProduct(x, w, b));
        }
        // DJL's hasGradient() is false for intermediate arrays, so a training pass is taken to need one
        boolean padFilters = padsFilters(filters, kernelShape, groups) && (training && !overData || x.hasGradient());
        boolean padInputs = pads(k.get(1), kernelShape, groups) && x.getShape().get(0) > 1;
        if (padInputs || padFilters) { // what is computed from the weight is the batch's (Parameters.scopedTo)
            w = Parameters.scopedTo(w, x);
            b = b == null ? null : Parameters.scopedTo(b, x);
        }
        if (padInputs) {
            long extra = CHANNEL_BLOCK - k.get(1) % CHANNEL_BLOCK;
            Shape in = x.getShape();
            // (N, C, H, W) -> (N, C + extra, H, W); weight (F, C, kh, kw) -> (F, C + extra, kh, kw)
            x = x.concat(x.getManager().zeros(new Shape(in.get(0), extra, in.get(2), in.get(3)), x.getDataType()), 1);
            w = w.concat(w.getManager().zeros(new Shape(k.get(0), extra, k.get(2), k.get(3)), w.getDataType()), 1);
        }
        if (padFilters) { // weight (F, C, kh, kw) -> (F + extra, C, kh, kw), bias likewise; cut off below
            long extra = CHANNEL_BLOCK - filters % CHANNEL_BLOCK;
            Shape padded = w.getShape();
            w = w.concat(w.getManager().zeros(new Shape(extra, padded.get(1), padded.get(2), padded.get(3)),
                    w.getDataType()), 0);
            b = b == null ? null : b.concat(b.getManager().zeros(new Shape(extra), b.getDataType()), 0);
        }
        NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(padFilters ? y.get(new NDIndex(":, :{}", filters)) : y);
    }
}
