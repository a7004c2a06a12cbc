package dev.classicnets.common.cli;

import dev.classicnets.common.Require;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The command-line options of every recipe that trains on the loop (a picocli mixin; {@link TrainOptions}
 * adds the classifiers' own): preset and what overrides it, data, early stopping, resume, run directory and
 * threads. Options left unset take the preset's value.
 */
public class RunOptions {

    @Option(names = "--preset", paramLabel = "NAME", description = "Settings to start from (default: ${DEFAULT-VALUE}).",
            defaultValue = "cpu")
    public String preset;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: from the preset).")
    public Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per batch (default: from the preset).")
    public Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate, of every network the run trains "
            + "(default: from the preset).")
    public Float lr;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed for data order, augmentation, "
            + "initialisation and sampling (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    public long seed;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE}).",
            defaultValue = "fashion-mnist")
    public String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the four IDX files "
            + "(default: Debian's dataset package, then DJL's cache).")
    public Path dataDir;

    @Option(names = "--validation", paramLabel = "FRACTION", description = "Share of the training set held out "
            + "for validation, in [0, 1) (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    public double validationFraction;

    @Option(names = "--limit", paramLabel = "N", description = "Use at most N training images (quick runs).")
    public Integer limit;

    @Option(names = "--patience", paramLabel = "N", description = "Stop after N epochs without improvement of "
            + "--monitor (0 = never; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    public int patience;

    @Option(names = "--restore-best", description = "After early stopping (or the last epoch), test with the "
            + "weights of the best epoch.")
    public boolean restoreBest;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last "
            + "checkpoint (last.ckpt), with the settings it was started with; options given beside it replace "
            + "those (e.g. --epochs 30 to train longer, --lr after a divergence).")
    public Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<module>/<timestamp>).")
    public Path out;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads (default: all cores).")
    public Integer threads;

    /** Checks the options above that need no preset, one clear sentence for the first one out of range. */
    public void checkRunOptions() {
        Require.that(limit == null || limit >= 1, "--limit must be at least 1, got " + limit);
        Require.that(threads == null || threads >= 1, "--threads must be at least 1, got " + threads);
        Require.that(patience >= 0, "--patience must be >= 0, got " + patience);
        Require.that(validationFraction >= 0 && validationFraction < 1,
                "--validation must be in [0, 1), got " + validationFraction);
    }
}
