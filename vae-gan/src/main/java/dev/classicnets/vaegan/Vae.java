package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.nn.NamedSequence;

/**
 * A variational autoencoder's two halves (Kingma &amp; Welling 2014, "Auto-encoding variational Bayes",
 * arXiv:1312.6114): an encoder from images to the mean and log-variance of q(z|x), and a decoder from a
 * latent code to per-pixel logits of p(x|z). They are separate blocks, so that each is a network of its
 * own in the training loop (the decoder alone draws samples; VAE-GAN trains them on different losses).
 *
 * <pre>
 * mlp   encoder  flatten, linear 400, ReLU, linear 2L -&gt; (mu, logvar)
 *       decoder  linear 400, ReLU, linear C*H*W -&gt; logits (C, H, W)
 * conv  encoder  conv 4x4/2 32, ReLU (H/2), conv 4x4/2 64, ReLU (H/4), linear 256, ReLU, linear 2L
 *       decoder  linear 256, ReLU, linear 64*(H/4)^2, ReLU, convT 4x4/2 32, ReLU (H/2), convT 4x4/2 C (H)
 * </pre>
 *
 * The {@code mlp} form with L = 20 at 28x28 is pytorch/examples {@code vae/main.py}: <b>652,824</b>
 * parameters. Linear and convolution layers start as PyTorch's do (uniform in ±1/sqrt(fan-in)), so
 * that the side-by-side with that example starts from the same distribution.
 */
public final class Vae {

    private final Block encoder;
    private final Block decoder;
    private final int latent;

    private Vae(Block encoder, Block decoder, int latent) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.latent = latent;
    }

    /** The reference example's fully connected VAE, {@code hidden} units wide. */
    public static Vae mlp(int channels, int height, int width, int hidden, int latent) {
        check(channels, height, width, latent);
        Require.that(hidden >= 1, "the hidden width must be at least 1, got " + hidden);
        int pixels = channels * height * width;
        NamedSequence encoder = new NamedSequence().add("flatten", Blocks.batchFlattenBlock())
                .add("fc1", linear(hidden, pixels)).add("relu", Activation.reluBlock())
                .add("fc2", linear(2 * latent, hidden)).add("split", split(latent));
        NamedSequence decoder = new NamedSequence().add("fc3", linear(hidden, latent))
                .add("relu", Activation.reluBlock()).add("fc4", linear(pixels, hidden))
                .add("unflatten", reshape(channels, height, width));
        return new Vae(encoder, decoder, latent);
    }

    /** The convolutional VAE; height and width must be multiples of 4. */
    public static Vae conv(int channels, int height, int width, int latent) {
        check(channels, height, width, latent);
        Require.that(height % 4 == 0 && width % 4 == 0, "the conv VAE halves the image twice: height and width must "
                + "be multiples of 4, got " + height + "x" + width);
        int h4 = height / 4;
        int w4 = width / 4;
        NamedSequence encoder = new NamedSequence()
                .add("conv1", conv(32, channels * 16)).add("relu1", Activation.reluBlock()) // (32, H/2, W/2)
                .add("conv2", conv(64, 32 * 16)).add("relu2", Activation.reluBlock()) // (64, H/4, W/4)
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc1", linear(256, 64 * h4 * w4)).add("relu3", Activation.reluBlock())
                .add("fc2", linear(2 * latent, 256)).add("split", split(latent));
        NamedSequence decoder = new NamedSequence()
                .add("fc1", linear(256, latent)).add("relu1", Activation.reluBlock())
                .add("fc2", linear(64 * h4 * w4, 256)).add("relu2", Activation.reluBlock())
                .add("unflatten", reshape(64, h4, w4))
                .add("up1", convTranspose(32)).add("relu3", Activation.reluBlock()) // (32, H/2, W/2)
                .add("up2", convTranspose(channels)); // (C, H, W) logits
        return new Vae(encoder, decoder, latent);
    }

    /** Images (N, C, H, W) to {@code (mu, logvar)}, each (N, L). */
    public Block encoder() {
        return encoder;
    }

    /** Codes (N, L) to logits (N, C, H, W). */
    public Block decoder() {
        return decoder;
    }

    /** The latent size L. */
    public int latent() {
        return latent;
    }

    /** The last layer's 2L outputs as {@code (mu, logvar)}. */
    static Block split(int latent) {
        return new LambdaBlock(x -> {
            NDArray h = x.head();
            return new NDList(h.get(":, :" + latent), h.get(":, " + latent + ":"));
        }, "split");
    }

    private static Block reshape(int c, int h, int w) {
        return new LambdaBlock(x -> new NDList(x.head().reshape(-1, c, h, w)), "unflatten");
    }

    private static Block linear(int units, int fanIn) {
        Block b = Linear.builder().setUnits(units).build();
        torchInit(b, fanIn);
        return b;
    }

    private static Block conv(int filters, int fanIn) {
        Block b = new ChannelPaddedConv2d(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(4, 4))
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))); // see ChannelPaddedConv2d
        torchInit(b, fanIn);
        return b;
    }

    private static Block convTranspose(int filters) {
        return ConvTranspose2d.builder().setFilters(filters).setKernelShape(new Shape(4, 4))
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build(); // PyTorch's initialisation
    }

    /** PyTorch's default for linear and convolution layers: weight and bias uniform in ±1/sqrt(fan-in). */
    private static void torchInit(Block b, int fanIn) {
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
        b.setInitializer(init, Parameter.Type.WEIGHT);
        b.setInitializer(init, Parameter.Type.BIAS);
    }

    private static void check(int channels, int height, int width, int latent) {
        Require.that(channels >= 1 && height >= 1 && width >= 1, "the image shape must be positive, got "
                + channels + "x" + height + "x" + width);
        Require.that(latent >= 1, "the latent size must be at least 1, got " + latent);
    }
}
