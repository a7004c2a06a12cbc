package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.Trainer;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.io.AtomicFiles;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.report.LearningCurves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop, for every kind of model: it runs a {@link Task}'s steps over epochs of batches
 * and knows nothing of labels, images or accuracy. It owns the progress bar and the log line, timing
 * (and {@code data_seconds}, the part spent waiting for batches), the divergence guard, epoch and batch
 * listeners, the best epoch by one monitor, checkpoints and resume, and the run's files (config.json,
 * metrics.csv, curves.png, each network's parameters, summary.json).
 *
 * <pre>{@code
 * try (RunResult r = TrainingLoop.builder()
 *         .task(ClassificationTask.builder().network("lenet5", net).inputShape(new Shape(1, 1, 28, 28)).build())
 *         .trainData(train).optValidationData(validation).optTestData(test).epochs(10)
 *         .optRunDirectory(RunDirectory.create(Path.of("runs"), "lenet"))
 *         .build().run()) {
 *     Block trained = r.network("lenet5"); // still usable until r is closed
 * }
 * }</pre>
 *
 * <p>Who closes what: {@link #run} closes the trainers it made; the networks' DJL models (and so their
 * parameters) live on in the returned {@link RunResult} until it is closed.
 */
public final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final LoopSettings s;

    TrainingLoop(LoopSettings settings) {
        this.s = settings;
    }

    public static LoopSettings.Builder builder() {
        return LoopSettings.builder();
    }

    /**
     * Trains (or, with {@code optResume(true)}, continues from the run directory's last checkpoint),
     * tests, writes the run's files, and returns the figures with the trained networks.
     */
    public RunResult run() {
        Engine.getInstance().setRandomSeed((int) s.seed);
        long runStart = System.nanoTime();
        Path last = s.runDirectory == null ? null : s.runDirectory.resolve(Checkpoint.LAST);
        Map<String, Object> resumeState = s.resume && Files.exists(last) ? Checkpoint.readState(last) : null;
        if (s.resume && resumeState == null) {
            LOG.info("nothing to resume in {} (no checkpoint yet): starting from epoch 1", s.runDirectory);
        }
        Map<String, Network> specs = s.networks();
        Map<String, Integer> updates = resumeState == null ? new LinkedHashMap<>() : RunState.updatesIn(resumeState,
                specs);
        Map<String, Model> models = new LinkedHashMap<>();
        Networks networks = null;
        boolean done = false;
        try {
            networks = Networks.build(specs.values(), updates, models);
            RunResult result = train(networks, specs, resumeState == null ? null : last, runStart);
            done = true;
            return result.withModels(models);
        } finally {
            if (networks != null) {
                networks.closeTrainers();
            }
            if (!done) {
                models.values().forEach(Model::close);
            }
        }
    }

    private RunResult train(Networks networks, Map<String, Network> specs, Path resumeFrom, long runStart) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        specs.forEach((n, spec) -> parameters.put(n, Parameters.countTrainable(spec.block())));
        long total = parameters.values().stream().mapToLong(v -> (Long) v).sum();
        if (s.runDirectory != null) {
            Map<String, Object> resolved = new LinkedHashMap<>(s.config);
            resolved.put("parameters", specs.size() == 1 ? total : parameters);
            s.runDirectory.writeJson(RunDirectory.CONFIG, resolved);
        }
        LOG.info("{}: {} trainable parameters, {} training samples in {} batches{}", s.name,
                String.format(Locale.ROOT, "%,d", total), s.train.numSamples(), s.train.numBatches(),
                s.validation == null ? "" : ", " + s.validation.numSamples() + " validation samples");

        RunState p;
        if (resumeFrom == null) {
            p = new RunState();
            specs.keySet().forEach(n -> p.updates.put(n, 0));
        } else {
            p = RunState.restore(resumeFrom, s.name, networks, specs, s.epochListeners, s.seed);
            s.runDirectory.writeMetrics(p.history); // drops rows of epochs after the checkpoint
            LOG.info("resumed {} from {} after epoch {} of {}{}", s.name, resumeFrom, p.epoch, s.epochs,
                    p.stopped ? " (it had stopped early)" : "");
        }
        String monitor = s.monitor();
        boolean maximise = s.monitorMode.maximises(monitor);
        EpochRunner runner = new EpochRunner(s, networks, p.updates);
        for (int epoch = p.epoch + 1; epoch <= s.epochs && !p.stopped; epoch++) {
            Map<String, Double> rates = learningRates(specs, p.updates);
            EpochRunner.Pass t = runner.train(epoch, this::lastGoodCheckpoint);
            p.trainSeconds += t.seconds();
            p.trainSamples += t.samples();
            Map<String, Double> v = s.validation == null ? null : runner.evaluate(s.validation, false).result();

            Map<String, Double> row = new LinkedHashMap<>();
            row.put("epoch", (double) epoch);
            t.means().forEach((k, x) -> row.put("train_" + k, x));
            for (String m : s.task.evaluationMetrics()) {
                row.put("validate_" + m, v == null ? Double.NaN : v.getOrDefault(m, Double.NaN));
            }
            row.putAll(s.task.onEpochEnd(epoch, networks, s.runDirectory));
            row.putAll(rates);
            row.put("seconds", t.seconds());
            row.put("data_seconds", t.dataSeconds()); // part of `seconds` spent waiting for batches
            p.history.add(row);
            double score = row.getOrDefault(monitor, Double.NaN);
            boolean best = p.bestEpoch == 0 || (maximise ? score > p.best : score < p.best);
            if (best) {
                p.best = score;
                p.bestEpoch = epoch;
            }
            LOG.info(logLine(epoch, row, t));
            boolean go = true;
            for (EpochListener l : s.epochListeners) {
                go &= l.onEpochEnd(epoch, row, networks.blocks());
            }
            p.epoch = epoch;
            p.stopped = !go;
            if (s.runDirectory != null) {
                // the checkpoint first: metrics.csv is rewritten from it on resume, so the two always agree
                if (s.checkpoints) {
                    p.write(s.runDirectory.resolve(Checkpoint.LAST), s.name, networks, specs, s.epochListeners);
                    if (best) {
                        AtomicFiles.copy(s.runDirectory.resolve(Checkpoint.LAST), s.runDirectory.resolve(Checkpoint.BEST));
                    }
                }
                s.runDirectory.writeMetrics(p.history);
                LearningCurves.write(p.history, s.curveMetrics(), p.bestEpoch, s.name,
                        s.runDirectory.resolve(RunDirectory.CURVES));
            }
            if (!go) {
                LOG.info("stopping after epoch {}", epoch);
            }
        }
        for (EpochListener l : s.epochListeners) {
            l.onTrainingEnd(networks.blocks()); // e.g. restore the best weights before testing
        }
        return finish(networks, specs, p, parameters, total, runStart);
    }

    private RunResult finish(Networks networks, Map<String, Network> specs, RunState p, Map<String, Object> parameters,
            long total, long runStart) {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (s.test != null) {
            Evaluation test = new EpochRunner(s, networks, p.updates).evaluate(s.test, true);
            Map<String, Double> figures = test.result();
            figures.forEach((k, v) -> summary.put("test_" + k, v));
            s.task.report(test, s.test, summary, s.runDirectory);
            StringBuilder line = new StringBuilder("test");
            figures.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
            LOG.info("{}  ({} samples)", line, s.test.numSamples());
        }
        summary.put("parameters", specs.size() == 1 ? total : parameters);
        summary.put("epochs_run", p.history.size());
        summary.put("best_epoch", p.bestEpoch);
        summary.put("best_metric", s.monitor());
        summary.put("seconds", p.secondsBefore + (System.nanoTime() - runStart) / 1e9);
        summary.put("train_seconds", p.trainSeconds);
        summary.put("images_per_second", p.trainSamples / p.trainSeconds);
        summary.put("stopped_early", false);
        summary.put("resumed_at_epoch", p.resumedAt);
        for (EpochListener l : s.epochListeners) {
            summary.putAll(l.summary());
        }
        if (s.runDirectory != null) {
            for (Map.Entry<String, Trainer> t : networks.trainers().entrySet()) {
                try {
                    ModelFiles.saveAtomically(t.getValue().getModel(), s.runDirectory.path(), t.getKey(),
                            p.history.size());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save parameters to " + s.runDirectory, e);
                }
            }
            s.runDirectory.writeJson(RunDirectory.SUMMARY, summary);
            LOG.info("run directory: {}", s.runDirectory);
        }
        return new RunResult(summary, p.history, s.runDirectory == null ? null : s.runDirectory.path(), Map.of());
    }

    /** The rate each network's optimizer uses at its next update: {@code lr}, or {@code lr_<name>} for several. */
    private static Map<String, Double> learningRates(Map<String, Network> specs, Map<String, Integer> updates) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Network n : specs.values()) {
            // DJL's trackers count updates from 1
            double lr = n.optimizer().learningRateAt(updates.getOrDefault(n.name(), 0) + 1);
            rates.put(specs.size() == 1 ? "lr" : "lr_" + n.name(), lr);
        }
        return rates;
    }

    private String logLine(int epoch, Map<String, Double> row, EpochRunner.Pass t) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d ", epoch, s.epochs));
        String group = "";
        for (Map.Entry<String, Double> e : row.entrySet()) {
            String key = e.getKey();
            if (key.equals("epoch") || key.equals("seconds") || key.equals("data_seconds") || e.getValue().isNaN()) {
                continue;
            }
            int cut = key.indexOf('_');
            String prefix = cut > 0 && (key.startsWith("train_") || key.startsWith("validate_")) ? key.substring(0, cut)
                    : "";
            if (!prefix.equals(group) || prefix.isEmpty()) {
                sb.append(' ').append(prefix.isEmpty() ? "" : prefix + " ");
                group = prefix;
            } else {
                sb.append(' ');
            }
            sb.append(prefix.isEmpty() ? key : key.substring(cut + 1))
                    .append(String.format(Locale.ROOT, key.startsWith("lr") ? " %.3g" : " %.4f", e.getValue()));
        }
        return sb.append(String.format(Locale.ROOT, "  %.1fs (%.0f samples/s)", t.seconds(), t.samples() / t.seconds()))
                .toString();
    }

    /** Where the last good checkpoint is, for the divergence message. */
    private String lastGoodCheckpoint(int epoch) {
        if (s.runDirectory == null || !s.checkpoints || !Files.exists(s.runDirectory.resolve(Checkpoint.LAST))) {
            return "no checkpoint was written yet";
        }
        return "the checkpoint of epoch " + (epoch - 1) + " is kept in " + s.runDirectory.resolve(Checkpoint.LAST)
                + " (continue from it with --resume " + s.runDirectory + " --lr ...)";
    }
}
