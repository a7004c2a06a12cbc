package dev.classicnets.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.nn.ShapedLambda;

/** The layers {@link UNet} is made of, and the paper's initialisation. */
final class UNetLayers {

    private final boolean padded;
    private final boolean batchNorm;

    UNetLayers(boolean padded, boolean batchNorm) {
        this.padded = padded;
        this.batchNorm = batchNorm;
    }

    /** Two 3x3 convolutions, each (+ batch norm) + ReLU: {@code mid} then {@code out} channels. */
    Block doubleConv(int mid, int out) {
        NamedSequence s = new NamedSequence();
        int i = 0;
        for (int channels : new int[] {mid, out}) {
            s.add(Integer.toString(i++), conv(channels, 3));
            if (batchNorm) {
                s.add(Integer.toString(i++), BatchNorm.builder().build());
            }
            s.add(Integer.toString(i++), ShapedLambda.relu());
        }
        return s;
    }

    Block conv(int filters, int kernel) {
        int pad = padded ? kernel / 2 : 0;
        return new ChannelPaddedConv2d(Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad)).setFilters(filters).optBias(!batchNorm));
    }

    /** The 2x2 stride-2 up-convolution to {@code filters} channels (with bias, as the paper's and milesial's). */
    static Block upConvolution(int filters) {
        return ConvTranspose2d.builder().setKernelShape(new Shape(2, 2)).optStride(new Shape(2, 2))
                .setFilters(filters).build();
    }

    /**
     * N(0, sqrt(2/N)) for an up-convolution's weight (C_in, C_out, 2, 2): each output pixel of a 2x2 stride-2
     * up-convolution sees one pixel per input channel, so N = C_in.
     */
    static void initialiseUpConvolution(ConvTranspose2d up) {
        up.setInitializer((m, shape, type) -> m.randomNormal(0f, (float) Math.sqrt(2.0 / shape.get(0)), shape, type),
                Parameter.Type.WEIGHT);
    }

    /** N(0, sqrt(2/N)) for a convolution weight (F, C, kh, kw): N = C*kh*kw inputs per output. */
    static NDArray paperInitialisation(NDManager m, Shape shape, DataType type) {
        double fanIn = (double) shape.size() / shape.get(0);
        return m.randomNormal(0f, (float) Math.sqrt(2 / fanIn), shape, type);
    }
}
