package dev.classicnets.benchmarks;

/** One round of one side: mean seconds per step, and its last step's loss (null: the step has none). */
record Round(double seconds, Float loss) {

    boolean finite() {
        return loss == null || Float.isFinite(loss);
    }
}
