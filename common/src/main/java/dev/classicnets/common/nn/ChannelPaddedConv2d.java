package dev.classicnets.common.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} that computes what it should where libtorch 2.7.1's CPU convolution does not.
 *
 * <p>Measured with DJL 0.35.1 on an AMD EPYC (AVX-512), December 2026: a float32 convolution with
 * a kernel larger than 1x1, a batch of two or more, and an input channel count above the CPU's
 * vector width that is not a multiple of it (above 16 and not a multiple of 16 with AVX-512; above
 * 8 and not a multiple of 8 with {@code DNNL_MAX_CPU_ISA=AVX2}) is wrong by 10-40% of its range,
 * deterministically (sometimes NaN); float64, batch 1 and {@code DNNL_MAX_CPU_ISA=SSE41} are right,
 * so it is oneDNN's vectorised kernel. GoogLeNet's 3x3 convolutions over 24 channels (inception
 * 4b and 4c) hit it. Zero input channels change nothing in a convolution, so this layer pads the
 * input and the weight to a multiple of 16 channels in the forward pass; parameters, their names
 * and shapes stay a {@code Conv2d}'s. Grouped convolutions are left as they are.
 */
public class ChannelPaddedConv2d extends Conv2d {

    /** A channel count that is a multiple of every vector width measured (8 and 16). */
    public static final int CHANNEL_BLOCK = 16;

    /** The convolution {@code builder} describes (as {@code builder.build()} would give). */
    public ChannelPaddedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** Whether a convolution over {@code inChannels} (per group) with {@code kernel} is padded. */
    public static boolean pads(long inChannels, Shape kernel, int groups) {
        return groups == 1 && inChannels > 8 && inChannels % CHANNEL_BLOCK != 0 && kernel.size() > 1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        long channels = w.getShape().get(1);
        if (pads(channels, kernelShape, groups) && x.getShape().get(0) > 1) {
            long extra = CHANNEL_BLOCK - channels % CHANNEL_BLOCK;
            Shape in = x.getShape();
            // (N, C, H, W) -> (N, C + extra, H, W); weight (F, C, kh, kw) -> (F, C + extra, kh, kw)
            x = x.concat(x.getManager().zeros(new Shape(in.get(0), extra, in.get(2), in.get(3)), x.getDataType()), 1);
            Shape k = w.getShape();
            w = w.concat(w.getManager().zeros(new Shape(k.get(0), extra, k.get(2), k.get(3)), w.getDataType()), 1);
        }
        return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
    }
}
