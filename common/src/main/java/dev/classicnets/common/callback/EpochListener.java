package dev.classicnets.common.callback;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * Told the end of every epoch: the hook for early stopping, checkpoints and schedules. The loop gives
 * it the epoch's metrics row and the task's networks by name (one for a classifier, several for a GAN).
 */
@FunctionalInterface
public interface EpochListener {

    /**
     * Called after epoch {@code epoch} (1-based) with its metrics row (the keys of metrics.csv).
     *
     * @param networks the task's networks by name, in the task's order
     * @return false to stop training after this epoch
     */
    boolean onEpochEnd(int epoch, Map<String, Double> metrics, Map<String, Block> networks);

    /** Called once after the last epoch, before the test evaluation (e.g. to restore weights). */
    default void onTrainingEnd(Map<String, Block> networks) {}

    /** Figures this listener adds to summary.json (read after {@link #onTrainingEnd}). */
    default Map<String, Object> summary() {
        return Map.of();
    }

    /**
     * The metric this listener reads (e.g. {@code validate_loss}), or null: the loop refuses, before
     * training, a metric the task does not record, and a {@code validate_*} metric without validation data.
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
