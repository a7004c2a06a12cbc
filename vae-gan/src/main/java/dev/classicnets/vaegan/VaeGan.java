package dev.classicnets.vaegan;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.NamedSequence;

/**
 * VAE-GAN's three networks (Larsen, Sønderby, Larochelle &amp; Winther 2016, "Autoencoding beyond pixels
 * using a learned similarity metric", ICML, arXiv:1512.09300), in DCGAN's convolutional form so that
 * the comparison with {@link Dcgan} is of training, not of architecture:
 *
 * <pre>
 * encoder        DCGAN's discriminator convolutions (BN, LeakyReLU) to (f*2^(k-1), 4, 4), flatten,
 *                linear 2L -&gt; (mu, logvar)
 * decoder        DCGAN's generator from z (L)
 * discriminator  DCGAN's discriminator, returning (logit, features of its last hidden layer): the
 *                l-th layer the reconstruction is measured in
 * </pre>
 */
public final class VaeGan {
    private VaeGan() {}

    /** Images to {@code (mu, logvar)}, each (N, latent). */
    public static Block encoder(int side, int channels, int filters, int latent) {
        Require.that(latent >= 1, "the latent size must be at least 1, got " + latent);
        NamedSequence e = new NamedSequence().add("features", Dcgan.features(side, filters))
                .add("flatten", Blocks.batchFlattenBlock()).add("fc", Linear.builder().setUnits(2L * latent).build())
                .add("split", Vae.split(latent));
        Dcgan.initialise(e);
        return e;
    }

    /** The decoder: DCGAN's generator from the latent code. */
    public static Block decoder(int side, int channels, int filters, int latent) {
        return Dcgan.generator(side, channels, latent, filters);
    }

    /** The discriminator, returning {@code (logits (N, 1), features (N, D))}. */
    public static Block discriminator(int side, int channels, int filters) {
        return new WithFeatures(Dcgan.features(side, filters), Dcgan.head(1));
    }

    /** A discriminator that also returns its last hidden layer, flattened. */
    static final class WithFeatures extends AbstractBlock {
        private final Block features;
        private final Block head;

        WithFeatures(Block features, Block head) {
            features = addChildBlock("features", features);
            head = addChildBlock("head", head);
            this.features = features;
            this.head = head;
            Dcgan.initialise(this);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList f = features.forward(ps, inputs, training, params);
            NDList logits = head.forward(ps, f, training, params);
            return new NDList(logits.head(), f.head().reshape(f.head().getShape().get(0), -1));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape[] f = features.getOutputShapes(inputs);
            Shape[] logits = head.getOutputShapes(f);
            return new Shape[] {logits[0], new Shape(f[0].get(0), f[0].size() / f[0].get(0))};
        }

        @Override
        protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputs) {
            features.initialize(manager, dataType, inputs);
            head.initialize(manager, dataType, features.getOutputShapes(inputs));
        }
    }
}
