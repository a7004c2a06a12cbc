package dev.classicnets.vaegan;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The generative recipe's command line (a picocli mixin): the model, the preset and what overrides it,
 * data, early stopping, resume and sampling. Unset overrides take the preset's value.
 */
public class GenerativeOptions {

    @Option(names = "--model", paramLabel = "NAME", description = "vae, conv-vae, dcgan or vae-gan "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "vae")
    public String model;

    @Option(names = "--preset", paramLabel = "NAME", description = "cpu or paper (default: ${DEFAULT-VALUE}).",
            defaultValue = "cpu")
    public String preset;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: from the preset).")
    public Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per batch (default: from the preset).")
    public Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate of every network (default: from the "
            + "preset).")
    public Float lr;

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

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    public long seed;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist or mnist "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "fashion-mnist")
    public String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the four IDX files (default: "
            + "Debian's dataset package, then DJL's cache).")
    public Path dataDir;

    @Option(names = "--validation", paramLabel = "FRACTION", description = "Share of the training set held out, "
            + "in [0, 1) (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    public double validationFraction;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N training images (quick runs).")
    public Integer limit;

    @Option(names = "--patience", paramLabel = "N", description = "Stop after N epochs without improvement of "
            + "--monitor (0 = never; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    public int patience;

    @Option(names = "--monitor", paramLabel = "NAME", description = "What early stopping and best.ckpt watch "
            + "(default: the task's: validate_loss for the VAEs, frechet_distance for the GANs).")
    public String monitor;

    @Option(names = "--restore-best", description = "After early stopping, test with the best epoch's weights.")
    public boolean restoreBest;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last.ckpt, with "
            + "the settings it was started with; options given beside it replace those (e.g. --epochs).")
    public Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/vae-gan/<timestamp>).")
    public Path out;

    @Option(names = "--sample", paramLabel = "N", description = "Write N new images from the trained run in --run "
            + "(no training).")
    public Integer sample;

    @Option(names = "--run", paramLabel = "DIR", description = "The trained run --sample draws from.")
    public Path run;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads (default: all cores).")
    public Integer threads;
}
