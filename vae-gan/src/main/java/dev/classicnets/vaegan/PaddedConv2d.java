package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} whose input and output channels are padded with zeros to multiples of 16 for the
 * computation, and cut back after it: parameters, names and shapes stay a {@code Conv2d}'s.
 *
 * <p>Measured on this machine (libtorch 2.7.1, AMD Zen 5, AVX-512, December 2026): the gradient with
 * respect to the input of a 4x4 convolution from 8 channels to 1 on a batch of 16 4x4 maps is NaN in 99
 * of 100 draws, from 64 channels to 1 in 1 of 100, and of a stride-2 convolution from 1 channel to 8 in 9
 * of 100; the forward passes are finite. These are DCGAN's first and last discriminator layers (one
 * grey channel in, one logit out). Zero channels change nothing, and with both counts at multiples of
 * 16 no NaN came in 100 draws of each ({@code PaddedConv2dTest}).
 */
final class PaddedConv2d extends Conv2d {

    private static final int BLOCK = 16;

    PaddedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** A padded convolution with {@code filters} k x k filters, stride s, padding p, no bias. */
    static PaddedConv2d of(int filters, int k, int s, int p) {
        return new PaddedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k))
                .optStride(new Shape(s, s)).optPadding(new Shape(p, p)).optBias(false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        Shape k = w.getShape();
        long inExtra = -k.get(1) & (BLOCK - 1);
        long outExtra = -k.get(0) & (BLOCK - 1);
        if (groups != 1 || (inExtra == 0 && outExtra == 0)) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        if (inExtra > 0) { // (N, C, H, W) -> (N, C + extra, H, W), weight likewise on its axis 1
            Shape in = x.getShape();
            x = x.concat(x.getManager().zeros(new Shape(in.get(0), inExtra, in.get(2), in.get(3)), x.getDataType()), 1);
            w = w.concat(w.getManager().zeros(new Shape(k.get(0), inExtra, k.get(2), k.get(3)), w.getDataType()), 1);
        }
        if (outExtra > 0) { // zero filters (and biases), cut off below
            w = w.concat(w.getManager().zeros(new Shape(outExtra, w.getShape().get(1), k.get(2), k.get(3)),
                    w.getDataType()), 0);
            b = b == null ? null : b.concat(b.getManager().zeros(new Shape(outExtra), b.getDataType()), 0);
        }
        NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(outExtra > 0 ? y.get(new NDIndex(":, :{}", k.get(0))) : y);
    }
}
