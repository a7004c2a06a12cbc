package dev.classicnets.benchmarks;

/**
 * One round of one side: mean seconds per step, its last step's loss (null: the step has none), and
 * the mean seconds per step spent waiting for data (NaN where the step has no data pipeline).
 */
record Round(double seconds, Float loss, double dataSeconds) {

    boolean finite() {
        return loss == null || Float.isFinite(loss);
    }
}
