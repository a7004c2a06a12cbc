package dev.classicnets.common.train;

import ai.djl.Model;
import java.util.Map;

/** Told the end of every epoch; the hook for early stopping, checkpoints and schedules. */
@FunctionalInterface
public interface EpochListener {

    /**
     * Called after epoch {@code epoch} (1-based) with its metrics row (the keys of metrics.csv).
     *
     * @return false to stop training after this epoch
     */
    boolean onEpochEnd(int epoch, Map<String, Double> metrics, Model model);

    /** Called once after the last epoch, before the test evaluation (e.g. to restore weights). */
    default void onTrainingEnd(Model model) {}

    /** Figures this listener adds to summary.json (read after {@link #onTrainingEnd}). */
    default Map<String, Object> summary() {
        return Map.of();
    }
}
