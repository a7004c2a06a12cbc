package dev.classicnets.common.optim;

import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Divides the learning rate when a metric stops improving, with the rules and defaults of PyTorch's
 * {@code ReduceLROnPlateau} (threshold mode {@code rel}): after each epoch, the metric improves if it
 * beats the best so far by more than {@code threshold} times the best; after more than {@code
 * patience} epochs without improvement the rate becomes {@code max(rate * factor, minRate)} and the
 * next {@code cooldown} epochs are not counted. DJL has no such tracker: this one is both the
 * {@link Tracker} the optimizer reads and the {@link EpochListener} the loop tells its metrics, so give
 * it to both.
 *
 * <p>AlexNet and VGG trained this way: the learning rate divided by 10 when validation accuracy
 * stopped improving ({@code plateau:monitor=validate_accuracy,factor=0.1}).
 */
public final class ReduceLrOnPlateau implements Tracker, EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    private final String monitor;
    private final boolean maximise;
    private final float factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final float minRate;

    private final int warmUpUpdates;

    private volatile float rate;
    private double best;
    private int badEpochs;
    private int cooldownLeft;
    private int reductions;

    private ReduceLrOnPlateau(Builder b) {
        monitor = b.monitor;
        maximise = b.mode.maximises(b.monitor);
        factor = b.factor;
        patience = b.patience;
        threshold = b.threshold;
        cooldown = b.cooldown;
        minRate = b.minRate;
        warmUpUpdates = b.warmUpUpdates;
        rate = b.initialRate;
        best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rate in force (during a warm-up, that share of it). */
    @Override
    public float getNewValue(int numUpdate) {
        return numUpdate < warmUpUpdates ? rate * numUpdate / warmUpUpdates : rate;
    }

    @Override
    public String monitoredMetric() {
        return monitor;
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> metrics, Map<String, Block> networks) {
        Double value = metrics.get(monitor);
        if (value == null || value.isNaN()) {
            throw new IllegalArgumentException("the plateau schedule monitors '" + monitor + "', which this run "
                    + (value == null ? "does not record; recorded: " + String.join(", ", metrics.keySet())
                            : "records as NaN at epoch " + epoch + " (is there validation data?)"));
        }
        boolean better = maximise ? value > best * (1 + threshold) : value < best * (1 - threshold);
        if (Double.isInfinite(best) || better) {
            best = value;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            float reduced = Math.max(rate * factor, minRate);
            if (rate - reduced > 1e-8f) { // PyTorch's eps
                LOG.info(String.format(Locale.ROOT, "%s has not improved for %d epochs (best %.5g): learning rate "
                        + "%.3g -> %.3g", monitor, badEpochs, best, rate, reduced));
                rate = reduced;
                reductions++;
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
        return true;
    }

    /** How often the rate was reduced so far. */
    public int reductions() {
        return reductions;
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("lr_reductions", reductions, "final_lr", rate);
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rate", (double) rate);
        s.put("best", Double.isInfinite(best) ? null : best);
        s.put("bad_epochs", badEpochs);
        s.put("cooldown_left", cooldownLeft);
        s.put("reductions", reductions);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> state, Map<String, ai.djl.ndarray.NDArray> arrays) {
        rate = ((Number) state.get("rate")).floatValue();
        Object b = state.get("best");
        best = b == null ? (maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : ((Number) b).doubleValue();
        badEpochs = ((Number) state.get("bad_epochs")).intValue();
        cooldownLeft = ((Number) state.get("cooldown_left")).intValue();
        reductions = ((Number) state.get("reductions")).intValue();
    }

    /** Builds a {@link ReduceLrOnPlateau}; defaults are PyTorch's except the monitor. */
    public static final class Builder {
        private float initialRate = Float.NaN;
        private String monitor = "validate_loss";
        private MonitorMode mode = MonitorMode.AUTO;
        private float factor = 0.1f;
        private int patience = 10;
        private double threshold = 1e-4;
        private int cooldown;
        private float minRate;
        private int warmUpUpdates;

        private Builder() {}

        /** The rate to start from (required). */
        public Builder initialRate(float rate) {
            this.initialRate = rate;
            return this;
        }

        /** The metric to watch, a column of metrics.csv (default validate_loss). */
        public Builder optMonitor(String monitor) {
            this.monitor = monitor;
            return this;
        }

        /** min, max, or auto from the metric's name (default auto). */
        public Builder optMode(MonitorMode mode) {
            this.mode = mode;
            return this;
        }

        /** What the rate is multiplied by, in (0, 1) (default 0.1). */
        public Builder optFactor(float factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement tolerated before a reduction (default 10). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** The relative improvement that counts (default 1e-4). */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Epochs after a reduction during which no bad epoch is counted (default 0). */
        public Builder optCooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** The rate never goes below this (default 0). */
        public Builder optMinRate(float minRate) {
            this.minRate = minRate;
            return this;
        }

        /**
         * A linear warm-up from 0 over the first {@code updates} updates, as DJL's {@code WarmUpTracker}
         * gives the other schedules (which would hide this listener behind it). Default none.
         */
        public Builder optWarmUpUpdates(int updates) {
            this.warmUpUpdates = updates;
            return this;
        }

        public ReduceLrOnPlateau build() {
            check(initialRate > 0 && Float.isFinite(initialRate), "the initial learning rate must be > 0, got "
                    + initialRate);
            check(monitor != null && !monitor.isBlank(), "the plateau schedule needs a metric to monitor");
            check(factor > 0 && factor < 1, "factor must be in (0, 1), got " + factor);
            check(patience >= 0, "patience must be >= 0, got " + patience);
            check(threshold >= 0 && Double.isFinite(threshold), "threshold must be >= 0, got " + threshold);
            check(cooldown >= 0, "cooldown must be >= 0, got " + cooldown);
            check(minRate >= 0 && Float.isFinite(minRate), "min_lr must be >= 0, got " + minRate);
            check(warmUpUpdates >= 0, "warm-up updates must be >= 0, got " + warmUpUpdates);
            return new ReduceLrOnPlateau(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
