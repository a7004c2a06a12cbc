package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: its figures, and the trained networks, still usable (predict, evaluate,
 * save) until this result is closed, which frees their parameters.
 *
 * @param summary the figures written to summary.json (test_accuracy, test_loss, parameters, ...)
 * @param history one metrics row per epoch, as in metrics.csv
 * @param directory the run directory, or null if the run wrote no files
 * @param models each network's DJL model (block and parameters), by the network's name
 */
public record RunResult(Map<String, Object> summary, List<Map<String, Double>> history, Path directory,
        Map<String, Model> models) implements AutoCloseable {

    public RunResult {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    RunResult withModels(Map<String, Model> models) {
        return new RunResult(summary, history, directory, models);
    }

    /** Test accuracy in [0, 1] (NaN if the run had no test set or its task reports none). */
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

    /** The trained network {@code name}, usable until {@link #close}. */
    public Block network(String name) {
        return model(name).getBlock();
    }

    /** The DJL model of network {@code name} (e.g. for {@code model.newPredictor(translator)}). */
    public Model model(String name) {
        Model m = models.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no network named '" + name + "' in this result; it has "
                    + String.join(", ", models.keySet()));
        }
        return m;
    }

    /** Frees the trained networks' parameters. */
    @Override
    public void close() {
        models.values().forEach(Model::close);
    }
}
