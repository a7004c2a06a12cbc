package dev.classicnets.vaegan;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.nn.NamedSequence;

/**
 * DCGAN's generator and discriminator (Radford, Metz &amp; Chintala 2015, "Unsupervised representation
 * learning with deep convolutional generative adversarial networks", arXiv:1511.06434; the layers of
 * pytorch/examples {@code dcgan/main.py}). The table, for an image of side {@code S = 4 * 2^k}:
 *
 * <pre>
 * generator      z (nz) -&gt; convT 4x4/1 to (f*2^(k-1), 4, 4) BN ReLU
 *                then k-1 times convT 4x4/2 pad 1: channels halve, side doubles, BN ReLU
 *                then convT 4x4/2 pad 1 to (C, S, S), tanh
 * discriminator  conv 4x4/2 pad 1 to (f, S/2, S/2) LeakyReLU(0.2)
 *                then k-1 times conv 4x4/2 pad 1: channels double, side halves, BN LeakyReLU(0.2)
 *                then conv 4x4/1 to one logit per output
 * </pre>
 *
 * The first generator layer is computed as the matrix product it is ({@link Projection}), the
 * discriminator's convolutions with zero-padded channel counts ({@link ChannelPaddedConv2d}): libtorch's CPU
 * kernels here get a 100-channel transposed convolution wrong and give NaN input gradients for a
 * 1-channel convolution. No convolution has a bias (batch norm follows, except at the ends, as in the
 * reference). Weights are
 * drawn from N(0, 0.02) and batch-norm scales from N(1, 0.02), as the paper says. At 64x64x3 with nz 100
 * and f 64 (k = 4) the generator has <b>3,576,704</b> parameters and the discriminator <b>2,765,568</b>,
 * the reference's counts; at 32x32 (k = 3) the same networks lose their widest layer (Fashion-MNIST,
 * zero-padded from 28).
 */
public final class Dcgan {
    private Dcgan() {}

    /** The generator: (N, nz) noise to (N, channels, side, side) images in [-1, 1]. */
    public static Block generator(int side, int channels, int nz, int filters) {
        int k = doublings(side);
        Require.that(channels >= 1 && nz >= 1 && filters >= 1, "channels, nz and filters must be at least 1, got "
                + channels + ", " + nz + ", " + filters);
        NamedSequence g = new NamedSequence();
        int width = filters << (k - 1);
        g.add("up0", new Projection(width, 4)).add("bn0", BatchNorm.builder().build()).add("relu0", Activation.reluBlock());
        // (width, 4, 4)
        for (int i = 1; i < k; i++) {
            width /= 2;
            g.add("up" + i, up(width, 4, 2, 1)).add("bn" + i, BatchNorm.builder().build())
                    .add("relu" + i, Activation.reluBlock()); // side doubles
        }
        g.add("up" + k, up(channels, 4, 2, 1)).add("tanh", Activation.tanhBlock()); // (channels, side, side)
        initialise(g);
        return g;
    }

    /** The discriminator: images to (N, outputs) logits (one output for a GAN). */
    public static Block discriminator(int side, int channels, int filters, int outputs) {
        NamedSequence d = new NamedSequence();
        d.add("features", features(side, filters)).add("head", head(outputs));
        initialise(d);
        return d;
    }

    /**
     * The discriminator's convolutions up to its last hidden layer: (N, C, side, side) to
     * (N, f*2^(k-1), 4, 4), which VAE-GAN measures reconstructions in.
     */
    static NamedSequence features(int side, int filters) {
        int k = doublings(side);
        Require.that(filters >= 1, "filters must be at least 1, got " + filters);
        NamedSequence f = new NamedSequence();
        f.add("conv0", down(filters, 4, 2, 1)).add("lrelu0", Activation.leakyReluBlock(0.2f)); // side/2
        int width = filters;
        for (int i = 1; i < k; i++) {
            width *= 2;
            f.add("conv" + i, down(width, 4, 2, 1)).add("bn" + i, BatchNorm.builder().build())
                    .add("lrelu" + i, Activation.leakyReluBlock(0.2f)); // side halves
        }
        return f; // (filters * 2^(k-1), 4, 4)
    }

    /** The 4x4 convolution from the last hidden layer to {@code outputs} logits. */
    static NamedSequence head(int outputs) {
        Require.that(outputs >= 1, "outputs must be at least 1, got " + outputs);
        return new NamedSequence().add("conv", down(outputs, 4, 1, 0)).add("flatten", Blocks.batchFlattenBlock());
    }

    /** N(0, 0.02) weights, N(1, 0.02) batch-norm scales (zero shifts stay DJL's default). */
    static void initialise(Block block) {
        block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        Initializer gamma = (manager, shape, type) -> manager.randomNormal(1f, 0.02f, shape, type);
        block.setInitializer(gamma, Parameter.Type.GAMMA);
    }

    static int doublings(int side) {
        Require.that(side >= 8 && Integer.bitCount(side) == 1, "the image side must be a power of two of at least 8 "
                + "(32 for Fashion-MNIST padded, 64 as in the paper), got " + side);
        return Integer.numberOfTrailingZeros(side) - 2;
    }

    private static Block up(int filters, int kernel, int stride, int padding) {
        return ConvTranspose2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    }

    private static Block down(int filters, int kernel, int stride, int padding) {
        return ChannelPaddedConv2d.of(filters, kernel, stride, padding);
    }
}
