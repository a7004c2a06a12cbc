package dev.classicnets.common.task;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.augment.BatchMix;
import dev.classicnets.common.augment.MixedBatch;
import dev.classicnets.common.augment.SoftLabelCrossEntropyLoss;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingStep;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Classification as a {@link Task}: one network from images to class scores, a loss on the logits
 * (softmax cross-entropy unless told otherwise), loss and accuracy per epoch, and a test report with the
 * confusion matrix, per-class precision/recall/F1 and the first misclassified images. With a
 * {@link BatchMix} (mixup, CutMix) each training batch is mixed first, with soft labels.
 *
 * <pre>{@code
 * ClassificationTask task = ClassificationTask.builder()
 *         .network("lenet5", LeNet5.builder().build()).inputShape(new Shape(1, 1, 28, 28))
 *         .optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0)).classNames(train.classNames()).build();
 * }</pre>
 */
public final class ClassificationTask implements Task {

    /** What a classifier's training step and evaluation both report. */
    public static final List<String> METRICS = List.of("loss", "accuracy");

    /** The columns of a classifier's metrics.csv that --monitor may watch. */
    public static final List<String> MONITORABLE = Task.monitorable(METRICS, METRICS, List.of());

    /** The test confusion matrix, as a heatmap with class names. */
    public static final String CONFUSION_MATRIX = "confusion_matrix.png";
    /** The first misclassified test images with true and predicted labels. */
    public static final String MISCLASSIFIED = "misclassified.png";

    private final String name;
    private final Block network;
    private final Shape inputShape;
    private final OptimizerSettings optimizer;
    private final Loss loss;
    private final BatchMix mix;
    private final List<String> classNames;

    private ClassificationTask(Builder b) {
        this.name = b.name;
        this.network = b.network;
        this.inputShape = b.inputShape;
        this.optimizer = b.optimizer;
        this.mix = b.mix;
        this.loss = b.loss != null ? b.loss
                : mix != null ? new SoftLabelCrossEntropyLoss("SoftmaxCrossEntropyLoss") : Loss.softmaxCrossEntropyLoss();
        this.classNames = b.classNames;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The network's name (its trainer, checkpoint entries and parameter file are named after it). */
    public String name() {
        return name;
    }

    /** The loss the network trains with. */
    public Loss loss() {
        return loss;
    }

    @Override
    public List<Network> networks() {
        return List.of(new Network(name, network, optimizer, loss, inputShape));
    }

    @Override
    public List<String> trainMetrics() {
        return METRICS;
    }

    @Override
    public List<String> evaluationMetrics() {
        return METRICS;
    }

    /** Validation accuracy, or the training loss without validation data. */
    @Override
    public String bestEpochMetric(boolean validation) {
        return validation ? "validate_accuracy" : "train_loss";
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        NDList x = batch.getData();
        NDList y = batch.getLabels();
        if (mix != null) {
            MixedBatch mixed = mix.apply(x.head(), y.head(), step.random());
            x = new NDList(mixed.images());
            y = new NDList(mixed.labels());
        }
        TrainStep.Outcome o = new TrainStep(step.trainer(), loss, () -> step.update(name)).run(x, y);
        return Map.of("loss", (double) o.loss(), "accuracy", (double) o.correct() / batch.getSize());
    }

    @Override
    public Evaluation newEvaluation(boolean test) {
        return new ClassificationEvaluation(name, loss, test ? classNames.size() : 0);
    }

    @Override
    public void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {
        ((ClassificationEvaluation) test).report(classNames, testData, summary, runDirectory, name);
    }

    /** Builds a {@link ClassificationTask}. */
    public static final class Builder {
        private String name;
        private Block network;
        private Shape inputShape;
        private OptimizerSettings optimizer = OptimizerSettings.of("adam", 1e-3f, 0f);
        private Loss loss;
        private BatchMix mix;
        private List<String> classNames;

        private Builder() {}

        /** The network and its name (required), e.g. {@code ("lenet5", LeNet5.builder().build())}. */
        public Builder network(String name, Block network) {
            this.name = name;
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * The shape (N, C, H, W) the network is initialised with (required); the recipes give their batch
         * shape. (Initialising VGG with a batch of one after {@code --init-from} had initialised it with one
         * too gave a NaN loss at the second step; with the batch shape it trains, so recipes keep that.)
         */
        public Builder inputShape(Shape shape) {
            if (shape.dimension() != 4) {
                throw new IllegalArgumentException("the input shape must be (N, C, H, W), got " + shape);
            }
            this.inputShape = shape;
            return this;
        }

        /** Default: Adam, learning rate 1e-3, no weight decay. */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /**
         * Default: softmax cross-entropy on logits (with a batch mix, its soft-label form). With a batch mix, a
         * loss given here must take soft labels (N, K).
         */
        public Builder optLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss);
            return this;
        }

        /** Mixes every training batch (mixup, CutMix) with soft labels; evaluation batches stay as they are. */
        public Builder optBatchMix(BatchMix mix) {
            this.mix = Objects.requireNonNull(mix);
            return this;
        }

        /** The class names for the test report (required). */
        public Builder classNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        public ClassificationTask build() {
            if (network == null) {
                throw new IllegalArgumentException("ClassificationTask needs a network");
            }
            if (inputShape == null) {
                throw new IllegalArgumentException("ClassificationTask needs the input shape (C, H, W)");
            }
            if (classNames == null || classNames.isEmpty()) {
                throw new IllegalArgumentException("ClassificationTask needs the class names (classNames)");
            }
            return new ClassificationTask(this);
        }
    }
}
