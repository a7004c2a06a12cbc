package dev.classicnets.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.nn.ChannelsLast;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored metric has stopped improving, with the semantics of Keras'
 * {@code EarlyStopping} (and Lightning's): an epoch improves when it beats the <em>best</em> value
 * so far by more than {@code minDelta} (absolute); training stops after {@code patience} epochs
 * without improvement; with a {@code baseline}, the metric must also beat it; epochs before {@code
 * startFromEpoch} are not judged; {@code restoreBestWeights} puts the best epoch's parameters back
 * when training ends (also when it ran to the last epoch). DJL's {@code EarlyStoppingListener}
 * compares with the previous epoch, only minimises, uses a relative threshold, cannot restore
 * weights and stops by throwing out of {@code EasyTrain.fit}.
 *
 * <pre>{@code
 * EarlyStopping.builder().monitor("validate_loss").patience(3).optMinDelta(1e-3).optRestoreBestWeights(true).build()
 * }</pre>
 */
public final class EarlyStopping implements EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final String monitor;
    private final boolean maximise;
    private final double minDelta;
    private final int patience;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<String, NDArray> bestWeights;

    private EarlyStopping(Builder b) {
        this.monitor = b.monitor;
        this.maximise = b.mode.maximises(b.monitor);
        this.minDelta = Math.abs(b.minDelta);
        this.patience = b.patience;
        this.baseline = b.baseline;
        this.restoreBestWeights = b.restoreBestWeights;
        this.startFromEpoch = b.startFromEpoch;
        this.best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The metric watched. */
    public String monitor() {
        return monitor;
    }

    /** True if the monitor is maximised. */
    public boolean maximises() {
        return maximise;
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> metrics, Map<String, Block> networks) {
        Double value = metrics.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("early stopping monitors '" + monitor + "', which this run does not "
                    + "record; recorded: " + String.join(", ", metrics.keySet()));
        }
        if (value.isNaN()) {
            throw new IllegalArgumentException("early stopping monitors '" + monitor + "', which is NaN at epoch "
                    + epoch + " (is there validation data?)");
        }
        if (epoch < startFromEpoch) {
            return true;
        }
        boolean improved = maximise ? value - minDelta > best : value + minDelta < best;
        boolean beatsBaseline = baseline == null || (maximise ? value > baseline : value < baseline);
        if (bestEpoch == 0 || improved) {
            // the best is tracked even below the baseline (as Keras does), so restoring can use it
            best = value;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                snapshot(networks);
            }
        }
        if (improved && beatsBaseline) {
            wait = 0;
            return true;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            LOG.info(String.format(Locale.ROOT, "early stopping: %s has not improved by more than %s for %d epochs "
                    + "(best %.5g at epoch %d)", monitor, minDelta, patience, best, bestEpoch));
            return false;
        }
        return true;
    }

    private void snapshot(Map<String, Block> networks) {
        release();
        bestWeights = new LinkedHashMap<>();
        networks.forEach((name, block) -> {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.detach();
                bestWeights.put(name + "/" + p.getKey(), copy);
            }
        });
    }

    @Override
    public void onTrainingEnd(Map<String, Block> networks) {
        if (restoreBestWeights && bestWeights != null) {
            networks.forEach((name, block) -> {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray saved = bestWeights.get(name + "/" + p.getKey());
                    ChannelsLast.set(p.getValue().getArray(), saved.toByteBuffer());
                }
            });
            LOG.info("restored the weights of epoch {} ({} {})", bestEpoch, monitor, best);
            release();
        }
    }

    private void release() {
        if (bestWeights != null) {
            bestWeights.values().forEach(NDArray::close);
            bestWeights = null;
        }
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stopped_early", stoppedEpoch > 0);
        s.put("stopped_epoch", stoppedEpoch);
        s.put("best_epoch", bestEpoch);
        s.put("best_" + monitor, best);
        s.put("restored_best_weights", restoreBestWeights && bestEpoch > 0);
        return s;
    }

    @Override
    public String monitoredMetric() {
        return monitor;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", Double.isInfinite(best) ? null : best);
        s.put("best_epoch", bestEpoch);
        s.put("wait", wait);
        s.put("stopped_epoch", stoppedEpoch);
        return s;
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        return bestWeights == null ? Map.of() : bestWeights;
    }

    @Override
    public void restoreState(Map<String, Object> state, Map<String, NDArray> arrays) {
        Object b = state.get("best");
        best = b == null ? (maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : ((Number) b).doubleValue();
        bestEpoch = ((Number) state.get("best_epoch")).intValue();
        wait = ((Number) state.get("wait")).intValue();
        stoppedEpoch = ((Number) state.get("stopped_epoch")).intValue();
        release();
        if (!arrays.isEmpty()) {
            bestWeights = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray copy = e.getValue().duplicate();
                copy.detach();
                bestWeights.put(e.getKey(), copy);
            }
        }
    }

    /** The epoch with the best monitored value so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch training was stopped after, 0 if it was not stopped. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Builds {@link EarlyStopping}. */
    public static final class Builder {
        private String monitor = "validate_loss";
        private MonitorMode mode = MonitorMode.AUTO;
        private double minDelta;
        private int patience = 5;
        private Double baseline;
        private boolean restoreBestWeights;
        private int startFromEpoch = 1;

        private Builder() {}

        /** The metrics.csv column to watch (default validate_loss). */
        public Builder monitor(String monitor) {
            this.monitor = monitor;
            return this;
        }

        public Builder optMode(MonitorMode mode) {
            this.mode = mode;
            return this;
        }

        /** The smallest change over the best that counts as an improvement (absolute, default 0). */
        public Builder optMinDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** Epochs without improvement before stopping (default 5). */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** A value the monitor must beat to count as an improvement at all. */
        public Builder optBaseline(double baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Put the best epoch's parameters back when training ends (default false). */
        public Builder optRestoreBestWeights(boolean restore) {
            this.restoreBestWeights = restore;
            return this;
        }

        /** The first epoch (1-based) that is judged (default 1). */
        public Builder optStartFromEpoch(int epoch) {
            this.startFromEpoch = epoch;
            return this;
        }

        public EarlyStopping build() {
            if (monitor == null || monitor.isBlank()) {
                throw new IllegalArgumentException("early stopping needs a metric to monitor");
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1, got " + patience);
            }
            if (!Double.isFinite(minDelta)) {
                throw new IllegalArgumentException("min delta must be a finite number, got " + minDelta);
            }
            if (startFromEpoch < 1) {
                throw new IllegalArgumentException("start epoch must be at least 1, got " + startFromEpoch);
            }
            return new EarlyStopping(this);
        }
    }
}
