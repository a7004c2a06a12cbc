package dev.classicnets.vaegan;

import dev.classicnets.common.Require;
import dev.classicnets.common.cli.Preset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generative recipe's network settings (the {@code S} of its {@link Preset}s), and the presets of each
 * model as data. The preset's image size is the side the network works at: 28 for the VAEs, 32 (Fashion-
 * MNIST zero-padded) or 64 (padded, then enlarged 2x: the paper's size) for DCGAN and VAE-GAN.
 *
 * @param model vae, conv-vae, dcgan or vae-gan
 * @param latent the code's size (nz for DCGAN)
 * @param hidden the MLP VAE's hidden width (unused by the others)
 * @param filters the base width of the convolutional networks (DCGAN's ngf = ndf)
 * @param gamma VAE-GAN's weight of the feature reconstruction in the decoder's loss
 * @param beta the VAE's weight of the KL term
 * @param beta1 Adam's first-moment decay
 * @param reconstruction the VAE's pixel likelihood
 * @param trainImages the first this many training images make an epoch (0: all of them)
 */
record ModelSettings(String model, int latent, int hidden, int filters, float gamma, float beta, float beta1,
        VaeLosses.Reconstruction reconstruction, int trainImages) {

    static final List<String> MODELS = List.of("vae", "conv-vae", "dcgan", "vae-gan");

    private static ModelSettings of(String model, int latent, int hidden, int filters, float gamma, float beta1) {
        return new ModelSettings(model, latent, hidden, filters, gamma, 1f, beta1, VaeLosses.Reconstruction.BERNOULLI,
                0);
    }

    private static final Map<String, List<Preset<ModelSettings>>> PRESETS = Map.of(
            "vae", List.of(
                    Preset.builder("cpu", of("vae", 20, 400, 0, 0, 0.9f)).epochs(10).batchSize(128)
                            .optimizer("adam", 1e-3f).imageSize(28)
                            .optNote("pytorch/examples vae/main.py: 784-400-20, Bernoulli likelihood").build(),
                    Preset.builder("paper", of("vae", 20, 500, 0, 0, 0.9f)).epochs(100).batchSize(100)
                            .optimizer("adagrad", 0.02f).imageSize(28)
                            .optNote("Kingma & Welling 2014, section 5: 500 hidden units, minibatches of 100, "
                                    + "Adagrad (step size from {0.01, 0.02, 0.1})").build()),
            "conv-vae", List.of(
                    Preset.builder("cpu", of("conv-vae", 16, 0, 0, 0, 0.9f)).epochs(10).batchSize(128)
                            .optimizer("adam", 1e-3f).imageSize(28).build(),
                    Preset.builder("paper", of("conv-vae", 2, 0, 0, 0, 0.9f)).epochs(30).batchSize(100)
                            .optimizer("adam", 1e-3f).imageSize(28)
                            .optNote("a 2-d code, as the paper's figure 4 of the learned manifold").build()),
            "dcgan", List.of(
                    Preset.builder("cpu", of("dcgan", 100, 0, 16, 0, 0.5f).withTrainImages(19_200)).epochs(5).batchSize(64)
                            .optimizer("adam", 2e-4f).imageSize(32)
                            .optNote("DCGAN's settings at 32 px with 16 base filters, 19,200 training images").build(),
                    Preset.builder("paper", of("dcgan", 100, 0, 64, 0, 0.5f)).epochs(25).batchSize(128)
                            .optimizer("adam", 2e-4f).imageSize(64)
                            .optNote("Radford et al. 2015 and pytorch/examples dcgan/main.py: 64 px, nz 100, "
                                    + "64 filters, Adam beta1 0.5, 25 epochs").build()),
            "vae-gan", List.of(
                    Preset.builder("cpu", of("vae-gan", 64, 0, 16, 0.01f, 0.9f).withTrainImages(9600)).epochs(4)
                            .batchSize(64).optimizer("rmsprop", 3e-4f).imageSize(32)
                            .optNote("Larsen et al.'s optimiser at 32 px with 16 base filters, 9,600 training "
                                    + "images").build(),
                    Preset.builder("paper", of("vae-gan", 128, 0, 64, 0.01f, 0.9f)).epochs(25).batchSize(64)
                            .optimizer("rmsprop", 3e-4f).imageSize(64)
                            .optNote("Larsen et al. 2016: RMSprop 3e-4, batch 64, 128-d code, 64 px").build()));

    /** The presets of {@code model}, the default ({@code cpu}) first. */
    static List<Preset<ModelSettings>> presets(String model) {
        List<Preset<ModelSettings>> p = PRESETS.get(model.toLowerCase(Locale.ROOT));
        Require.that(p != null, "unknown --model '" + model + "'; expected one of " + String.join(", ", MODELS));
        return p;
    }

    ModelSettings withLatent(int latent) {
        return new ModelSettings(model, latent, hidden, filters, gamma, beta, beta1, reconstruction, trainImages);
    }

    ModelSettings withFilters(int filters) {
        return new ModelSettings(model, latent, hidden, filters, gamma, beta, beta1, reconstruction, trainImages);
    }

    ModelSettings withTrainImages(int trainImages) {
        return new ModelSettings(model, latent, hidden, filters, gamma, beta, beta1, reconstruction, trainImages);
    }

    ModelSettings withLosses(float gamma, float beta, VaeLosses.Reconstruction reconstruction) {
        return new ModelSettings(model, latent, hidden, filters, gamma, beta, beta1, reconstruction, trainImages);
    }

    /** Whether the model's decoder ends in tanh on padded images (DCGAN, VAE-GAN), not in logits at 28 px. */
    boolean adversarial() {
        return model.equals("dcgan") || model.equals("vae-gan");
    }
}
