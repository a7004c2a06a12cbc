package dev.classicnets.common.train;

import ai.djl.training.dataset.Batch;
import java.util.Map;

/**
 * One evaluation pass of a {@link Task} (validation after an epoch, or the test at the end): it sees the
 * pass's batches with the networks in inference mode and accumulates what it needs (sums, a confusion
 * matrix, DJL evaluators' accumulators), then reports the pass's metrics.
 */
public interface Evaluation {

    /** Adds one batch; compute with {@code networks.trainer(name).evaluate(...)} (inference mode). */
    void add(Batch batch, Networks networks);

    /** The metrics of the whole pass, keyed by the task's {@link Task#evaluationMetrics()} names. */
    Map<String, Double> result();
}
