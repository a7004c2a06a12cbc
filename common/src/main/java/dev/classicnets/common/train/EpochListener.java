package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
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

    /**
     * The metric this listener reads (e.g. {@code validate_loss}), or null: the loop refuses, before
     * training, a {@code validate_*} metric without validation data.
     */
    default String monitoredMetric() {
        return null;
    }

    /**
     * What this listener must carry over a resume, as numbers, strings and booleans (written in the
     * checkpoint's JSON; numbers come back as {@code Double}). Default: nothing.
     */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** Arrays to carry over a resume (e.g. the best weights so far); written into the checkpoint. */
    default Map<String, NDArray> stateArrays() {
        return Map.of();
    }

    /**
     * Takes back what {@link #state} and {@link #stateArrays} gave when a run resumes from a checkpoint.
     * The arrays belong to the caller, which closes them afterwards: copy what is kept.
     */
    default void restoreState(Map<String, Object> state, Map<String, NDArray> arrays) {}
}
