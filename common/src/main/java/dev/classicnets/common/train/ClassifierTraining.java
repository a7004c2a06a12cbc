package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import ai.djl.ndarray.types.DataType;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.metrics.ConfusionMatrix;
import dev.classicnets.common.metrics.PrecisionRecallF1;
import dev.classicnets.common.report.ConfusionMatrixPlot;
import dev.classicnets.common.report.ImageGrid;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.optim.OptimizerState;
import dev.classicnets.common.report.LearningCurves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop for classifiers, over DJL's {@link Trainer}: epochs of training with a
 * validation pass after each, one log line per epoch, a final test evaluation, and the run's files
 * (config.json, metrics.csv, curves.png, the parameters, summary.json).
 *
 * <pre>{@code
 * RunResult r = ClassifierTraining.builder()
 *         .network(net).trainData(train).validationData(validation).testData(test)
 *         .epochs(10).optimizer(OptimizerSettings.of("adam", 1e-3f, 0))
 *         .runDirectory(RunDirectory.create(Path.of("runs"), "lenet"))
 *         .build().run();
 * }</pre>
 */
public final class ClassifierTraining {

    /** The test confusion matrix, as a heatmap with class names. */
    public static final String CONFUSION_MATRIX = "confusion_matrix.png";
    /** The first misclassified test images with true and predicted labels. */
    public static final String MISCLASSIFIED = "misclassified.png";

    /** The metrics a listener can monitor: the loop's per-epoch figures. */
    public static final List<String> MONITORABLE = List.of("validate_loss", "validate_accuracy", "train_loss",
            "train_accuracy");

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTraining.class);

    private final Block network;
    private final String name;
    private final ImageBatches train;
    private final ImageBatches validation;
    private final ImageBatches test;
    private final int epochs;
    private final OptimizerSettings optimizer;
    private final Loss loss;
    private final long seed;
    private final RunDirectory runDirectory;
    private final Map<String, Object> config;
    private final List<EpochListener> listeners;
    private final boolean progress;
    private final boolean checkpoints;
    private final boolean resume;

    private ClassifierTraining(Builder b) {
        this.network = b.network;
        this.name = b.name;
        this.train = b.train;
        this.validation = b.validation;
        this.test = b.test;
        this.epochs = b.epochs;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.seed = b.seed;
        this.runDirectory = b.runDirectory;
        this.config = b.config;
        this.listeners = List.copyOf(b.listeners);
        this.progress = b.progress;
        this.checkpoints = b.checkpoints;
        this.resume = b.resume;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or, with {@code optResume(true)}, continues from the run directory's last checkpoint),
     * evaluates on the test set, writes the run's files, and returns the figures.
     */
    public RunResult run() {
        Engine.getInstance().setRandomSeed((int) seed);
        long runStart = System.nanoTime();
        Path last = runDirectory == null ? null : runDirectory.resolve(Checkpoint.LAST);
        Map<String, Object> resumeState = resume && Files.exists(last) ? Checkpoint.readState(last) : null;
        if (resume && resumeState == null) {
            LOG.info("nothing to resume in {} (no checkpoint yet): starting from epoch 1", runDirectory);
        }
        int updates = resumeState == null ? 0 : ((Number) resumeState.get("updates")).intValue();
        try (Model model = Model.newInstance(name)) {
            model.setBlock(network);
            // the optimizer counts on from the checkpoint's updates: its schedule and bias corrections continue
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
                    .optOptimizer(optimizer.build(updates));
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(train.batchShape());
                long parameters = Parameters.countTrainable(network);
                if (runDirectory != null) {
                    Map<String, Object> resolved = new LinkedHashMap<>(config);
                    resolved.put("parameters", parameters);
                    runDirectory.writeJson(RunDirectory.CONFIG, resolved);
                }
                LOG.info("{}: {} trainable parameters, {} training images in {} batches of {}{}", name,
                        String.format(Locale.ROOT, "%,d", parameters), train.numImages(), train.numBatches(),
                        train.batchSize(), validation == null ? "" : ", " + validation.source().size()
                                + " validation images");

                Progress p = resumeState == null ? new Progress() : restore(last, model, trainingConfig);
                for (int epoch = p.epoch + 1; epoch <= epochs && !p.stopped; epoch++) {
                    float lr = optimizer.learningRateAt(updates + 1); // DJL's trackers count updates from 1
                    long start = System.nanoTime();
                    Pass t = trainEpoch(trainer, epoch, updates);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    p.trainSeconds += seconds;
                    p.trainImages += t.count;
                    updates += train.numBatches();
                    Pass v = validation == null ? null : evaluate(trainer, validation, null);

                    Map<String, Double> row = new LinkedHashMap<>();
                    row.put("epoch", (double) epoch);
                    row.put("train_loss", t.loss());
                    row.put("train_accuracy", t.accuracy());
                    row.put("validate_loss", v == null ? Double.NaN : v.loss());
                    row.put("validate_accuracy", v == null ? Double.NaN : v.accuracy());
                    row.put("lr", (double) lr);
                    row.put("seconds", seconds);
                    row.put("data_seconds", t.dataSeconds()); // part of `seconds` spent waiting for batches
                    p.history.add(row);
                    double score = v == null ? -t.loss() : v.accuracy();
                    boolean best = p.bestEpoch == 0 || score > p.best;
                    if (best) {
                        p.best = score;
                        p.bestEpoch = epoch;
                    }
                    LOG.info(String.format(Locale.ROOT,
                            "epoch %d/%d  train loss %.4f acc %.4f%s  lr %.3g  %.1fs (%.0f img/s)", epoch, epochs,
                            t.loss(), t.accuracy(), v == null ? "" : String.format(Locale.ROOT,
                                    "  validate loss %.4f acc %.4f", v.loss(), v.accuracy()),
                            lr, seconds, t.count / seconds));
                    boolean go = true;
                    for (EpochListener l : listeners) {
                        go &= l.onEpochEnd(epoch, row, model);
                    }
                    p.epoch = epoch;
                    p.stopped = !go;
                    if (runDirectory != null) {
                        // the checkpoint first: metrics.csv is rewritten from it on resume, so the two always agree
                        if (checkpoints) {
                            writeCheckpoint(last, p, updates, model, trainingConfig);
                            if (best) {
                                copyAtomically(last, runDirectory.resolve(Checkpoint.BEST));
                            }
                        }
                        runDirectory.writeMetrics(p.history);
                        LearningCurves.write(p.history, p.bestEpoch, name, runDirectory.resolve(RunDirectory.CURVES));
                    }
                    if (!go) {
                        LOG.info("stopping after epoch {}", epoch);
                    }
                }

                for (EpochListener l : listeners) {
                    l.onTrainingEnd(model); // e.g. restore the best weights before testing
                }
                Map<String, Object> summary = new LinkedHashMap<>();
                if (test != null) {
                    TestDetail detail = new TestDetail(test.source().numClasses());
                    Pass tp = evaluate(trainer, test, detail);
                    summary.put("test_accuracy", tp.accuracy());
                    summary.put("test_loss", tp.loss());
                    report(detail, test.source(), summary);
                    LOG.info(String.format(Locale.ROOT, "test accuracy %.4f  loss %.4f  (%d images)",
                            tp.accuracy(), tp.loss(), tp.count));
                }
                summary.put("parameters", parameters);
                summary.put("epochs_run", p.history.size());
                summary.put("best_epoch", p.bestEpoch);
                summary.put("seconds", p.secondsBefore + (System.nanoTime() - runStart) / 1e9);
                summary.put("train_seconds", p.trainSeconds);
                summary.put("images_per_second", p.trainImages / p.trainSeconds);
                summary.put("stopped_early", false);
                summary.put("resumed_at_epoch", p.resumedAt);
                for (EpochListener l : listeners) {
                    summary.putAll(l.summary());
                }
                if (runDirectory != null) {
                    try {
                        ModelFiles.saveAtomically(model, runDirectory.path(), name, p.history.size());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot save parameters to " + runDirectory, e);
                    }
                    runDirectory.writeJson(RunDirectory.SUMMARY, summary);
                    LOG.info("run directory: {}", runDirectory);
                }
                return new RunResult(summary, p.history, runDirectory == null ? null : runDirectory.path());
            }
        }
    }

    /** Where the loop is: what a checkpoint carries besides the arrays. */
    private static final class Progress {
        int epoch;
        boolean stopped;
        List<Map<String, Double>> history = new ArrayList<>();
        int bestEpoch;
        double best = Double.NaN;
        double trainSeconds;
        long trainImages;
        double secondsBefore;
        Integer resumedAt;
    }

    private void writeCheckpoint(Path file, Progress p, int updates, Model model, DefaultTrainingConfig trainingConfig) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", 1);
        state.put("name", name);
        state.put("epoch", p.epoch);
        state.put("updates", updates);
        state.put("stopped", p.stopped);
        state.put("optimizer", optimizer.name());
        state.put("best_epoch", p.bestEpoch);
        state.put("best_score", p.best);
        state.put("train_seconds", p.trainSeconds);
        state.put("train_images", p.trainImages);
        state.put("history", p.history);
        List<Map<String, Object>> listenerStates = new ArrayList<>();
        List<Map<String, NDArray>> listenerArrays = new ArrayList<>();
        for (EpochListener l : listeners) {
            listenerStates.add(l.state());
            listenerArrays.add(l.stateArrays());
        }
        state.put("listeners", listenerStates);
        Checkpoint.write(file, state, network, OptimizerState.export(trainingConfig.getOptimizer(), network),
                listenerArrays);
    }

    /** Puts the network, optimizer and listeners back as the last checkpoint left them; rewrites metrics.csv. */
    @SuppressWarnings("unchecked")
    private Progress restore(Path file, Model model, DefaultTrainingConfig trainingConfig) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            Checkpoint c = Checkpoint.read(file, scope);
            Map<String, Object> s = c.state();
            if (!name.equals(s.get("name")) || !optimizer.name().equals(s.get("optimizer"))) {
                throw new IllegalArgumentException("checkpoint " + file + " is of " + s.get("name") + " trained with "
                        + s.get("optimizer") + ", not of " + name + " with " + optimizer.name());
            }
            c.copyParametersInto(network);
            OptimizerState.restore(trainingConfig.getOptimizer(), network, c.optimizer());
            List<Map<String, Object>> states = (List<Map<String, Object>>) s.get("listeners");
            if (states.size() != listeners.size()) {
                throw new IllegalArgumentException("checkpoint " + file + " was written with " + states.size()
                        + " epoch listeners, this run has " + listeners.size());
            }
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).restoreState(states.get(i), c.listenerArrays(i));
            }
            Progress p = new Progress();
            p.epoch = c.epoch();
            p.stopped = Boolean.TRUE.equals(s.get("stopped"));
            for (Map<String, Object> row : (List<Map<String, Object>>) s.get("history")) {
                Map<String, Double> r = new LinkedHashMap<>();
                row.forEach((k, v) -> r.put(k, v == null ? Double.NaN : ((Number) v).doubleValue()));
                p.history.add(r);
            }
            p.bestEpoch = ((Number) s.get("best_epoch")).intValue();
            p.best = s.get("best_score") == null ? Double.NaN : ((Number) s.get("best_score")).doubleValue();
            p.trainSeconds = ((Number) s.get("train_seconds")).doubleValue();
            p.trainImages = ((Number) s.get("train_images")).longValue();
            p.secondsBefore = p.trainSeconds;
            p.resumedAt = p.epoch;
            // dropout continues from a seed of its own: within noise of the uninterrupted run, not equal to it
            Engine.getInstance().setRandomSeed((int) (seed * 31 + p.epoch));
            runDirectory.writeMetrics(p.history); // drops rows of epochs after the checkpoint
            LOG.info("resumed {} from {} after epoch {} of {}{}", name, file, p.epoch, epochs,
                    p.stopped ? " (it had stopped early)" : "");
            return p;
        }
    }

    private static void copyAtomically(Path from, Path to) {
        try {
            Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            RunDirectory.moveIntoPlace(tmp, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Loss and accuracy summed over a pass, and the seconds spent waiting for data. */
    private record Pass(double lossSum, long correct, long count, double dataSeconds) {
        Pass(double lossSum, long correct, long count) {
            this(lossSum, correct, count, Double.NaN);
        }

        double loss() {
            return lossSum / count;
        }

        double accuracy() {
            return (double) correct / count;
        }
    }

    private Pass trainEpoch(Trainer trainer, int epoch, int updatesBefore) {
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        ProgressBar bar = progress ? new ProgressBar(System.out, "epoch " + epoch, train.numBatches(),
                ProgressBar.stdoutIsTerminal()) : null;
        int b = 0;
        long dataNanos = 0;
        TrainStep step = new TrainStep(trainer, loss);
        train.setEpoch(epoch - 1); // the order and augmentation of this epoch, also when resumed
        Iterator<Batch> batches = train.getData(trainer.getManager()).iterator();
        while (true) {
            long t0 = System.nanoTime();
            if (!batches.hasNext()) {
                break;
            }
            try (Batch batch = batches.next()) {
                dataNanos += System.nanoTime() - t0; // waiting for the pipeline, and the batch's NDArrays
                TrainStep.Outcome o = step.run(batch.getData(), batch.getLabels());
                if (!Float.isFinite(o.loss())) {
                    throw new TrainingDivergedException(String.format(Locale.ROOT,
                            "the loss became %s at epoch %d, batch %d (learning rate %.3g); %s; try a lower "
                                    + "learning rate (or check the data for NaN)",
                            o.loss(), epoch, b + 1, optimizer.learningRateAt(updatesBefore + b + 1),
                            lastGoodCheckpoint(epoch)));
                }
                lossSum += (double) o.loss() * batch.getSize();
                correct += o.correct();
                count += batch.getSize();
            }
            b++;
            if (bar != null) {
                bar.update(b, String.format(Locale.ROOT, "loss %.4f acc %.4f", lossSum / count,
                        (double) correct / count));
            }
        }
        if (bar != null) {
            bar.finish();
        }
        return new Pass(lossSum, correct, count, dataNanos / 1e9);
    }

    /** Where the last good checkpoint is, for the divergence message. */
    private String lastGoodCheckpoint(int epoch) {
        if (runDirectory == null || !checkpoints || !Files.exists(runDirectory.resolve(Checkpoint.LAST))) {
            return "no checkpoint was written yet";
        }
        return "the checkpoint of epoch " + (epoch - 1) + " is kept in " + runDirectory.resolve(Checkpoint.LAST)
                + " (continue from it with --resume " + runDirectory + " --lr ...)";
    }

    /**
     * Mean loss and accuracy of the network (in inference mode) on {@code data}; also fills {@code
     * detail} (confusion matrix, the first misclassified items) when given.
     */
    private Pass evaluate(Trainer trainer, ImageBatches data, TestDetail detail) {
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        NDManager manager = trainer.getManager();
        for (Batch batch : data.getData(manager)) {
            try (batch) {
                NDList out = trainer.evaluate(batch.getData());
                NDArray l = loss.evaluate(batch.getLabels(), out);
                lossSum += (double) l.getFloat() * batch.getSize();
                correct += TrainStep.correct(out.head(), batch.getLabels().head());
                if (detail != null) {
                    detail.add(batch.getLabels(), out, (int) count);
                }
                count += batch.getSize();
            }
        }
        return new Pass(lossSum, correct, count);
    }

    /** What the final test pass collects for the report. */
    private static final class TestDetail {
        static final String KEY = "test";
        static final int MAX_MISCLASSIFIED = 40;

        final ConfusionMatrix matrix;
        final List<int[]> misclassified = new ArrayList<>(); // {item, true, predicted}

        TestDetail(int classes) {
            matrix = new ConfusionMatrix(classes);
            matrix.addAccumulator(KEY);
        }

        void add(NDList labels, NDList out, int offset) {
            matrix.updateAccumulator(KEY, labels, out);
            if (misclassified.size() < MAX_MISCLASSIFIED) {
                long[] predicted = out.head().argMax(1).toLongArray();
                long[] truth = labels.head().toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < truth.length && misclassified.size() < MAX_MISCLASSIFIED; i++) {
                    if (predicted[i] != truth[i]) {
                        misclassified.add(new int[] {offset + i, (int) truth[i], (int) predicted[i]});
                    }
                }
            }
        }
    }

    /** Confusion matrix, per-class scores and the picture files of the test pass. */
    private void report(TestDetail detail, LabeledImages testImages, Map<String, Object> summary) {
        long[][] counts = detail.matrix.matrix(TestDetail.KEY);
        List<String> names = testImages.classNames();
        summary.put("test_macro_f1", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.F1,
                PrecisionRecallF1.Average.MACRO, counts));
        summary.put("test_macro_precision", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.PRECISION,
                PrecisionRecallF1.Average.MACRO, counts));
        summary.put("test_macro_recall", PrecisionRecallF1.averaged(PrecisionRecallF1.Score.RECALL,
                PrecisionRecallF1.Average.MACRO, counts));
        double[] precision = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.PRECISION, counts);
        double[] recall = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.RECALL, counts);
        double[] f1 = PrecisionRecallF1.perClass(PrecisionRecallF1.Score.F1, counts);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("precision", precision[c]);
            scores.put("recall", recall[c]);
            scores.put("f1", f1[c]);
            scores.put("support", java.util.Arrays.stream(counts[c]).sum());
            perClass.put(names.get(c), scores);
        }
        summary.put("test_per_class", perClass);
        summary.put("test_confusion_matrix", counts);
        if (runDirectory == null) {
            return;
        }
        ConfusionMatrixPlot.write(counts, names, name + ": test confusion matrix (rows: true class)",
                runDirectory.resolve(CONFUSION_MATRIX));
        if (!detail.misclassified.isEmpty()) {
            List<Image> images = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int[] m : detail.misclassified) {
                images.add(testImages.image(m[0]));
                captions.add("true: " + names.get(m[1]) + "\npred: " + names.get(m[2]));
            }
            ImageGrid.write(images, captions, 8, name + ": misclassified test images (first "
                    + images.size() + ")", runDirectory.resolve(MISCLASSIFIED));
        }
    }

    /** Builds a {@link ClassifierTraining}. */
    public static final class Builder {
        private Block network;
        private String name = "model";
        private ImageBatches train;
        private ImageBatches validation;
        private ImageBatches test;
        private int epochs = 10;
        private OptimizerSettings optimizer = OptimizerSettings.of("adam", 1e-3f, 0f);
        private Loss loss = Loss.softmaxCrossEntropyLoss();
        private long seed = 42;
        private RunDirectory runDirectory;
        private Map<String, Object> config = new LinkedHashMap<>();
        private final List<EpochListener> listeners = new ArrayList<>();
        private boolean progress = true;
        private boolean checkpoints = true;
        private boolean resume;

        private Builder() {}

        /** The network to train (required), e.g. a {@code ClassifierBlock}. */
        public Builder network(Block network) {
            this.network = network;
            return this;
        }

        /** A name for the model (its parameter file is {@code <name>-NNNN.params}). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** The training batches (required). */
        public Builder trainData(ImageBatches train) {
            this.train = train;
            return this;
        }

        /** Evaluated after each epoch; optional. */
        public Builder optValidationData(ImageBatches validation) {
            this.validation = validation;
            return this;
        }

        /** Evaluated once at the end; optional. */
        public Builder optTestData(ImageBatches test) {
            this.test = test;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Default: Adam, learning rate 1e-3, no weight decay. */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /** Default: softmax cross-entropy on logits. */
        public Builder optLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss);
            return this;
        }

        /** Seeds libtorch (initialisation, dropout). Default 42. */
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

        public Builder addListener(EpochListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** A progress bar per epoch (default true). */
        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Whether to write {@value Checkpoint#LAST} after every epoch and {@value Checkpoint#BEST} after
         * the best one into the run directory (default true).
         */
        public Builder optCheckpoints(boolean checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /**
         * Continue from the run directory's {@value Checkpoint#LAST} if there is one (default false): the
         * parameters, optimizer state, listeners' state and metrics so far come back, and training goes on
         * with the epoch after it up to {@link #epochs}. The network, optimizer name and listeners must be
         * those of the interrupted run; without a checkpoint the run starts from epoch 1.
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public ClassifierTraining build() {
            if (network == null) {
                throw new IllegalArgumentException("ClassifierTraining needs a network");
            }
            if (train == null) {
                throw new IllegalArgumentException("ClassifierTraining needs training data");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (resume && runDirectory == null) {
                throw new IllegalArgumentException("optResume needs the run directory to resume (optRunDirectory)");
            }
            if (resume && !checkpoints) {
                throw new IllegalArgumentException("optResume needs checkpoints; do not switch them off");
            }
            for (EpochListener l : listeners) {
                String metric = l.monitoredMetric();
                if (metric == null) {
                    continue;
                }
                if (!MONITORABLE.contains(metric)) {
                    throw new IllegalArgumentException(l.getClass().getSimpleName() + " monitors '" + metric
                            + "', which the loop does not record; expected one of " + String.join(", ", MONITORABLE));
                }
                if (metric.startsWith("validate_") && validation == null) {
                    throw new IllegalArgumentException(l.getClass().getSimpleName() + " monitors '" + metric
                            + "' but there is no validation data (optValidationData, or --validation > 0)");
                }
            }
            if (test != null && test.isShuffled()) {
                throw new IllegalArgumentException("test data must not be shuffled (the report names test items "
                        + "by position); build it with optShuffle(false)");
            }
            return new ClassifierTraining(this);
        }
    }
}
