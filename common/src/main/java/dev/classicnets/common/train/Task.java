package dev.classicnets.common.train;

import ai.djl.training.dataset.Batch;
import dev.classicnets.common.data.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a kind of model does in the one {@link TrainingLoop} (Lightning's {@code LightningModule}; the
 * loop is its {@code Trainer}). The loop owns epochs and batches, progress and logging, timing, the
 * divergence guard, listeners, early stopping and the best epoch, checkpoints and resume, and the run's
 * files; a task owns its networks and their optimizers, what one training step does with a batch, how
 * an evaluation pass is scored, and the pictures of its test report.
 *
 * <p>A new kind of model (segmentation, a VAE, a GAN) is a new task, never a copy of the loop. A task
 * implements:
 * <ul>
 *   <li>{@link #networks()}: each network with its optimizer (one for a classifier, two for a GAN);
 *   <li>{@link #trainStep}: forward, backward, and {@link TrainingStep#update} of the networks it trains,
 *       returning the batch's metrics by {@link #trainMetrics()}' names;
 *   <li>{@link #newEvaluation}: an accumulator for a validation or test pass, reporting
 *       {@link #evaluationMetrics()};
 *   <li>optionally {@link #bestEpochMetric}, {@link #onEpochEnd} (samples, extra metrics) and
 *       {@link #report} (the test report's figures and pictures).
 * </ul>
 * metrics.csv gets the columns {@code train_<m>} for {@link #trainMetrics()}, {@code validate_<m>} for
 * {@link #evaluationMetrics()}, then {@link #epochMetrics()}, the learning rates and the timings; any of
 * them can be monitored by early stopping or a plateau schedule.
 */
public interface Task {

    /** The networks to train, in order, with unique names; called once per run. */
    List<Network> networks();

    /**
     * The columns of metrics.csv that early stopping or a plateau schedule may watch, for a task with these
     * metrics: {@code train_<m>}, {@code validate_<m>}, then the epoch metrics as they are.
     */
    static List<String> monitorable(List<String> trainMetrics, List<String> evaluationMetrics,
            List<String> epochMetrics) {
        List<String> names = new ArrayList<>();
        trainMetrics.forEach(m -> names.add("train_" + m));
        evaluationMetrics.forEach(m -> names.add("validate_" + m));
        names.addAll(epochMetrics);
        return List.copyOf(names);
    }

    /** The names of the metrics {@link #trainStep} returns, in order (column {@code train_<name>}). */
    List<String> trainMetrics();

    /** The names of the metrics an {@link Evaluation} reports (columns {@code validate_<name>}, {@code test_<name>}). */
    List<String> evaluationMetrics();

    /** The names of the metrics {@link #onEpochEnd} adds to each row, as they appear there (default none). */
    default List<String> epochMetrics() {
        return List.of();
    }

    /**
     * One training step on a batch: forward, backward and the updates, through {@code step}
     * ({@link TrainingStep#update} runs the per-batch hooks, e.g. gradient clipping, then the optimizer).
     *
     * @return the batch's mean of each of {@link #trainMetrics()}; the loop weights them by the batch size,
     *     and stops the run with a clear message when one whose name contains "loss" is not finite
     */
    Map<String, Double> trainStep(Batch batch, TrainingStep step);

    /**
     * A fresh accumulator for one evaluation pass.
     *
     * @param test true for the final test pass, which may collect more for {@link #report}
     */
    Evaluation newEvaluation(boolean test);

    /**
     * The row key that picks the best epoch (best.ckpt, the curves' marker) when the loop is not told one;
     * its direction comes from its name ({@code MonitorMode.AUTO}). Default: the first evaluation metric
     * with validation data, else the first training metric.
     */
    default String bestEpochMetric(boolean validation) {
        return validation ? "validate_" + evaluationMetrics().get(0) : "train_" + trainMetrics().get(0);
    }

    /**
     * After each epoch's training and validation: extra metrics for the row ({@link #epochMetrics()}), and
     * whatever the task draws per epoch (e.g. samples from fixed noise).
     *
     * @param runDirectory where to write pictures, or null when the run writes no files
     */
    default Map<String, Double> onEpochEnd(int epoch, Networks networks, RunDirectory runDirectory) {
        return Map.of();
    }

    /**
     * The test report: figures to add to summary.json and pictures to write (confusion matrix, masks,
     * samples), after the test pass.
     *
     * @param test the finished test pass
     * @param testData the test batches, as given to the loop
     * @param runDirectory where to write pictures, or null when the run writes no files
     */
    default void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {}
}
