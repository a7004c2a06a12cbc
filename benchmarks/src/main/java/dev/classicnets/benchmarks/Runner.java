package dev.classicnets.benchmarks;

/** Our side of one benchmark case: a step to time, on data and state it holds between rounds. */
interface Runner extends AutoCloseable {

    /** Untimed work before each step (refilling gradients for an optimizer-only step). */
    default void prepare() {}

    /** One step; returns its loss, or null for a step without one (inference, a lone layer, an update). */
    Float step();

    /**
     * The seconds the last step took by its own clock, when part of it must not count (a recipe's test
     * pass after its epoch); NaN: the harness times the whole step.
     */
    default double measuredSeconds() {
        return Double.NaN;
    }

    /** The part of the last step spent waiting for data (an epoch's pipeline); NaN where none. */
    default double dataSeconds() {
        return Double.NaN;
    }

    /** Trainable parameters of what the step runs (checked against the PyTorch replica's). */
    long parameters();

    @Override
    void close();
}
