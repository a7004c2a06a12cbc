package dev.classicnets.common.train;

import dev.classicnets.common.Require;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.callback.MonitorMode;
import dev.classicnets.common.data.Batches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link TrainingLoop}'s settings, checked before anything runs; built by {@link Builder}. */
public final class LoopSettings {

    final Task task;
    final String name;
    final Batches train;
    final Batches validation;
    final Batches test;
    final int epochs;
    final long seed;
    final RunDirectory runDirectory;
    final Map<String, Object> config;
    final List<EpochListener> epochListeners;
    final List<BatchListener> batchListeners;
    final boolean progress;
    final boolean checkpoints;
    final boolean resume;
    final MonitorMode monitorMode;
    private final String monitor;
    private Map<String, Network> networks;

    private LoopSettings(Builder b) {
        task = b.task;
        name = b.name;
        train = b.train;
        validation = b.validation;
        test = b.test;
        epochs = b.epochs;
        seed = b.seed;
        runDirectory = b.runDirectory;
        config = b.config;
        epochListeners = List.copyOf(b.epochListeners);
        batchListeners = List.copyOf(b.batchListeners);
        progress = b.progress;
        checkpoints = b.checkpoints;
        resume = b.resume;
        monitor = b.monitor;
        monitorMode = b.monitorMode;
    }

    static Builder builder() {
        return new Builder();
    }

    /** The task's networks by name (asked of the task once). */
    Map<String, Network> networks() {
        if (networks == null) {
            Map<String, Network> byName = new LinkedHashMap<>();
            for (Network n : task.networks()) {
                if (byName.put(n.name(), n) != null) {
                    throw new IllegalArgumentException("the task has two networks named '" + n.name() + "'");
                }
            }
            if (byName.isEmpty()) {
                throw new IllegalArgumentException("the task has no network to train");
            }
            networks = byName;
        }
        return networks;
    }

    /** The row key that picks the best epoch: the one set with optMonitor, else the task's. */
    String monitor() {
        return monitor != null ? monitor : task.bestEpochMetric(validation != null);
    }

    /** The metrics drawn in curves.png, one panel each (training and validation series). */
    List<String> curveMetrics() {
        List<String> names = new ArrayList<>(task.trainMetrics());
        task.evaluationMetrics().stream().filter(m -> !names.contains(m)).forEach(names::add);
        names.addAll(task.epochMetrics());
        return names;
    }

    /** The keys of a metrics row that listeners may monitor. */
    List<String> monitorable() {
        return Task.monitorable(task.trainMetrics(), task.evaluationMetrics(), task.epochMetrics());
    }

    /** Builds a {@link TrainingLoop}. */
    public static final class Builder {
        private Task task;
        private String name = "model";
        private Batches train;
        private Batches validation;
        private Batches test;
        private int epochs = 10;
        private long seed = 42;
        private RunDirectory runDirectory;
        private Map<String, Object> config = new LinkedHashMap<>();
        private final List<EpochListener> epochListeners = new ArrayList<>();
        private final List<BatchListener> batchListeners = new ArrayList<>();
        private boolean progress = true;
        private boolean checkpoints = true;
        private boolean resume;
        private String monitor;
        private MonitorMode monitorMode = MonitorMode.AUTO;

        private Builder() {}

        /** What to train (required): a classifier, a segmenter, a GAN, ... */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task);
            return this;
        }

        /** The run's name in logs and checkpoints (default "model"). */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** The training batches (required). */
        public Builder trainData(Batches train) {
            this.train = train;
            return this;
        }

        /** Evaluated after each epoch; optional. */
        public Builder optValidationData(Batches validation) {
            this.validation = validation;
            return this;
        }

        /** Evaluated once at the end; optional. */
        public Builder optTestData(Batches test) {
            this.test = test;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Seeds libtorch (initialisation, dropout) and the per-batch generator. Default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where to write the run's files; without one, the run writes nothing. */
        public Builder optRunDirectory(RunDirectory runDirectory) {
            this.runDirectory = runDirectory;
            return this;
        }

        /** The resolved settings to record in config.json. */
        public Builder optConfig(Map<String, Object> config) {
            this.config = new LinkedHashMap<>(config);
            return this;
        }

        /** Told the end of every epoch (early stopping, plateau schedules). */
        public Builder addListener(EpochListener listener) {
            epochListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Told every step (gradient clipping before each update). */
        public Builder addBatchListener(BatchListener listener) {
            batchListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** A progress bar per epoch (default true). */
        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /** Whether to write {@value Checkpoint#LAST} and {@value Checkpoint#BEST} (default true). */
        public Builder optCheckpoints(boolean checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /**
         * Continue from the run directory's {@value Checkpoint#LAST} if there is one (default false): the
         * parameters, optimizer states, listeners' state and metrics so far come back, and training goes on
         * with the epoch after it up to {@link #epochs}. Task, optimizers and listeners must be those of the
         * interrupted run; without a checkpoint the run starts from epoch 1.
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * The metrics-row key that picks the best epoch (best.ckpt), e.g. the one early stopping watches;
         * default: the task's ({@link Task#bestEpochMetric}).
         */
        public Builder optMonitor(String metric, MonitorMode mode) {
            this.monitor = Objects.requireNonNull(metric);
            this.monitorMode = Objects.requireNonNull(mode);
            return this;
        }

        public TrainingLoop build() {
            Require.that(task != null, "the training loop needs a task");
            Require.that(train != null, "the training loop needs training data");
            Require.that(epochs >= 1, "epochs must be at least 1, got " + epochs);
            Require.that(!resume || runDirectory != null, "optResume needs the run directory to resume (optRunDirectory)");
            Require.that(!resume || checkpoints, "optResume needs checkpoints; do not switch them off");
            LoopSettings s = new LoopSettings(this);
            s.networks(); // names checked before anything runs
            List<String> recorded = s.monitorable();
            List<String> watched = new ArrayList<>();
            epochListeners.forEach(l -> watched.add(l.monitoredMetric()));
            watched.add(s.monitor());
            for (String metric : watched) {
                if (metric == null) {
                    continue;
                }
                Require.that(recorded.contains(metric), "'" + metric + "' is monitored, but the task does not record it; "
                        + "expected one of " + String.join(", ", recorded));
                Require.that(!metric.startsWith("validate_") || validation != null, "'" + metric + "' is monitored but "
                        + "there is no validation data (optValidationData, or --validation > 0)");
            }
            return new TrainingLoop(s);
        }

    }
}
