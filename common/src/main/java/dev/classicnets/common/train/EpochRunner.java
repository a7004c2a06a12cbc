package dev.classicnets.common.train;

import ai.djl.training.dataset.Batch;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.data.Batches;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** One pass over a data set: a training epoch (the task's steps) or an evaluation (the task's evaluation). */
final class EpochRunner {

    /** A training epoch's per-sample means, samples, seconds and the seconds spent waiting for batches. */
    record Pass(Map<String, Double> means, long samples, double seconds, double dataSeconds) {}

    private final LoopSettings s;
    private final Networks networks;
    private final TrainingStep step;

    EpochRunner(LoopSettings settings, Networks networks, Map<String, Integer> updates) {
        this.s = settings;
        this.networks = networks;
        this.step = new TrainingStep(networks, s.batchListeners, updates, s.seed);
    }

    /**
     * Trains one epoch.
     *
     * @param lastGood where the last good checkpoint is, for the message when the loss diverges
     */
    Pass train(int epoch, IntFunction<String> lastGood) {
        MetricMeans means = new MetricMeans(s.task.trainMetrics());
        ProgressBar bar = s.progress ? new ProgressBar(System.out, "epoch " + epoch, s.train.numBatches(),
                ProgressBar.stdoutIsTerminal()) : null;
        long start = System.nanoTime();
        long dataNanos = 0;
        int b = 0;
        s.train.setEpoch(epoch - 1); // the order and augmentation of this epoch, also when resumed
        Iterator<Batch> batches = s.train.getData(networks.trainers().values().iterator().next().getManager())
                .iterator();
        while (true) {
            long t0 = System.nanoTime();
            if (!batches.hasNext()) {
                break;
            }
            try (Batch batch = batches.next()) {
                dataNanos += System.nanoTime() - t0; // waiting for the pipeline, and the batch's NDArrays
                step.moveTo(epoch, b);
                Map<String, Double> metrics = s.task.trainStep(batch, step);
                guard(metrics, epoch, b, lastGood);
                means.add(metrics, batch.getSize());
                for (BatchListener l : s.batchListeners) {
                    l.onBatchEnd(epoch, b, metrics);
                }
            }
            b++;
            if (bar != null) {
                StringBuilder text = new StringBuilder();
                means.means().entrySet().stream().limit(2).forEach(e -> text.append(text.length() == 0 ? "" : " ")
                        .append(String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue())));
                bar.update(b, text.toString());
            }
        }
        if (bar != null) {
            bar.finish();
        }
        return new Pass(means.means(), means.count(), (System.nanoTime() - start) / 1e9, dataNanos / 1e9);
    }

    /** Stops the run when a loss is not finite, saying where and what to do. */
    private void guard(Map<String, Double> metrics, int epoch, int batch, IntFunction<String> lastGood) {
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            if (m.getKey().contains("loss") && !Double.isFinite(m.getValue())) {
                StringBuilder rates = new StringBuilder();
                for (Network n : s.networks().values()) {
                    rates.append(rates.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g",
                            n.optimizer().learningRateAt(updatesOf(n.name()) + 1)));
                }
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "the %s became %s at epoch %d, batch %d (learning rate %s); %s; try a lower learning rate "
                                + "(or check the data for NaN)", m.getKey(), m.getValue().floatValue(), epoch,
                        batch + 1, rates, lastGood.apply(epoch)));
            }
        }
    }

    private int updatesOf(String network) {
        return step.updates().getOrDefault(network, 0);
    }

    /** Runs an evaluation pass over {@code data} with the networks in inference mode. */
    Evaluation evaluate(Batches data, boolean test) {
        Evaluation e = s.task.newEvaluation(test);
        for (Batch batch : data.getData(networks.trainers().values().iterator().next().getManager())) {
            try (batch) {
                e.add(batch, networks);
            }
        }
        return e;
    }
}
