package dev.classicnets.common.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced.
 *
 * @param summary the figures written to summary.json (test_accuracy, test_loss, parameters, ...)
 * @param history one metrics row per epoch, as in metrics.csv
 * @param directory the run directory, or null if the run wrote no files
 */
public record RunResult(Map<String, Object> summary, List<Map<String, Double>> history, Path directory) {

    /** Test accuracy in [0, 1] (NaN if the run had no test set). */
    public double testAccuracy() {
        return number("test_accuracy");
    }

    /** Mean test loss (NaN if the run had no test set). */
    public double testLoss() {
        return number("test_loss");
    }

    /** A numeric figure of the summary by key, NaN if absent. */
    public double number(String key) {
        Object v = summary.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
