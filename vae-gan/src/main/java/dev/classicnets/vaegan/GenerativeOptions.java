package dev.classicnets.vaegan;

import dev.classicnets.common.cli.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The generative recipe's command line (a picocli mixin): {@link RunOptions} and the model, its overrides of
 * the preset, and sampling. Unset overrides take the preset's value.
 */
public class GenerativeOptions extends RunOptions {

    @Option(names = "--model", paramLabel = "NAME", description = "vae, conv-vae, dcgan or vae-gan "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "vae")
    public String model;

    @Option(names = "--latent", paramLabel = "N", description = "Size of the code, nz for DCGAN (default: from the "
            + "preset); 2 draws the latent scatter.")
    public Integer latent;

    @Option(names = "--filters", paramLabel = "N", description = "Base width of the convolutional networks "
            + "(default: from the preset).")
    public Integer filters;

    @Option(names = "--image-size", paramLabel = "N", description = "Side DCGAN and VAE-GAN work at: 32 (padded) or "
            + "64 (padded, enlarged 2x) (default: from the preset).")
    public Integer imageSize;

    @Option(names = "--gamma", paramLabel = "X", description = "VAE-GAN: weight of the feature reconstruction in the "
            + "decoder's loss (default: from the preset).")
    public Float gamma;

    @Option(names = "--beta", paramLabel = "X", description = "VAE: weight of the KL term (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    public float beta;

    @Option(names = "--reconstruction", paramLabel = "KIND", description = "VAE: bernoulli (cross-entropy) or "
            + "gaussian (squared error) (default: ${DEFAULT-VALUE}).", defaultValue = "bernoulli")
    public String reconstruction;

    @Option(names = "--fd-samples", paramLabel = "N", description = "Generated images per Frechet distance, and "
            + "held-out images of its baseline; 0 = none (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    public int fdSamples;

    @Option(names = "--monitor", paramLabel = "NAME", description = "What early stopping and best.ckpt watch "
            + "(default: the task's: validate_loss for the VAEs, frechet_distance for the GANs).")
    public String monitor;

    @Option(names = "--sample", paramLabel = "N", description = "Write N new images from the trained run in --run "
            + "(no training).")
    public Integer sample;

    @Option(names = "--run", paramLabel = "DIR", description = "The trained run --sample draws from.")
    public Path run;
}
