package dev.classicnets.common.cli;

import dev.classicnets.common.Require;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.LabeledImages;
import java.util.Locale;

/**
 * The checks of a recipe's inputs that need the loaded data or the machine, run before any network is
 * built: each refusal is one sentence naming the value and what was expected
 * ({@link IllegalArgumentException}); {@link TrainOptions#resolve} checks the options on their own.
 */
final class InputChecks {
    private InputChecks() {}

    /**
     * Refuses data the run cannot train on: a validation split that leaves less than one batch, a
     * {@code --batch-size} larger than the training set, images that are not square, and images without
     * any variation.
     *
     * @param train the training images the run uses (after {@code --validation} and {@code --limit})
     * @param meanStd their per-channel mean and standard deviation
     */
    static void beforeTraining(TrainOptions options, int batchSize, DataSplits data, LabeledImages train,
            float[][] meanStd) {
        int kept = data.train().size();
        int heldOut = data.validation() == null ? 0 : data.validation().size();
        // the split's fault only if the whole training set would have held a batch
        Require.that(kept >= batchSize || kept + heldOut < batchSize, String.format(Locale.ROOT,
                "--validation %s leaves %d training %s, less than one batch of %d; hold out a smaller fraction",
                options.validationFraction, kept, kept == 1 ? "image" : "images", batchSize));
        // a preset's batch larger than a small data set is one smaller batch; a --batch-size beyond it is a mistake
        Require.that(options.batchSize == null || batchSize <= train.size(), String.format(Locale.ROOT,
                "--batch-size %d is larger than the %d training images%s; give at most %d", batchSize, train.size(),
                options.limit != null && options.limit == train.size() ? " (--limit " + options.limit + ")" : "",
                train.size()));
        Require.that(train.height() == train.width(), "the training images are " + train.height() + "x" + train.width()
                + " (height x width); the recipes train on square images");
        for (int c = 0; c < meanStd[1].length; c++) {
            // channelMeanStd floors the variance at 1e-12: a standard deviation that small is no variation
            Require.that(meanStd[1][c] > 1e-5f, String.format(Locale.ROOT, "the training images are constant: every "
                    + "pixel of channel %d is %s, so there is nothing to learn (check the data)", c,
                    meanStd[0][c]));
        }
    }

    /** A warning to print when {@code --threads} asks for more threads than the machine has processors, or null. */
    static String threadsWarning(Integer threads) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads == null || threads <= processors) {
            return null;
        }
        return "warning: --threads " + threads + " is more than the " + processors + " processors of this machine; "
                + "libtorch's threads will take turns on them (slower, not faster)";
    }

}
