package dev.classicnets.common.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.loss.PixelCrossEntropyLoss;
import dev.classicnets.common.loss.PixelLabels;
import dev.classicnets.common.loss.SegmentationLosses;
import dev.classicnets.common.metrics.ConfusionMatrix;
import dev.classicnets.common.metrics.ConfusionMatrixEvaluator;
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
 * Semantic segmentation as a {@link Task}: one network from images (N, C, H, W) to class scores
 * (N, K, H', W'), a per-pixel loss (cross-entropy unless told otherwise, see {@link SegmentationLosses}),
 * and per epoch the loss, pixel accuracy, mean IoU and mean Dice over the pass's pixels (one confusion
 * matrix per pass, {@link dev.classicnets.common.metrics.MeanIoU}'s rule). Labels are masks (N, 1, H, W),
 * as {@link dev.classicnets.common.data.ImageBatches} batches a {@link dev.classicnets.common.data.MaskedImages};
 * where the network's map is smaller (the unpadded U-Net), the mask's centre is scored. Pixels labelled
 * with the ignore index count nowhere.
 *
 * <p>The test report adds per-class IoU and Dice, the micro and per-image averages, the confusion matrix
 * to summary.json, and writes {@link #PREDICTIONS}: image | true mask | predicted mask | overlay for the
 * first test images.
 *
 * <pre>{@code
 * SegmentationTask task = SegmentationTask.builder().network("unet", UNet.padded().numClasses(4).build())
 *         .inputShape(new Shape(8, 1, 64, 64)).classNames(SyntheticShapes.CLASSES).build();
 * }</pre>
 */
public final class SegmentationTask implements Task {

    /** What a training step reports. */
    public static final List<String> TRAIN_METRICS = List.of("loss", "pixel_accuracy");

    /** What an evaluation reports. */
    public static final List<String> EVALUATION_METRICS = List.of("loss", "pixel_accuracy", "mean_iou", "dice");

    /** The columns of a segmentation run's metrics.csv that --monitor may watch. */
    public static final List<String> MONITORABLE = Task.monitorable(TRAIN_METRICS, EVALUATION_METRICS, List.of());

    /** The first test images with their true and predicted masks. */
    public static final String PREDICTIONS = "predictions.png";

    private final String name;
    private final Block network;
    private final Shape inputShape;
    private final OptimizerSettings optimizer;
    private final Loss loss;
    private final List<String> classNames;
    private final int ignoreIndex;
    private final int reportImages;
    private final ConfusionMatrix counter;

    private SegmentationTask(Builder b) {
        name = b.name;
        network = b.network;
        inputShape = b.inputShape;
        optimizer = b.optimizer;
        classNames = b.classNames;
        ignoreIndex = b.ignoreIndex;
        loss = b.loss != null ? b.loss : new PixelCrossEntropyLoss(classNames.size(), ignoreIndex, null, null);
        reportImages = b.reportImages;
        counter = new ConfusionMatrix("pixels", classNames.size(), ignoreIndex == SegmentationLosses.NO_IGNORE
                ? ConfusionMatrixEvaluator.NO_IGNORE_INDEX : ignoreIndex);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The network's name. */
    public String name() {
        return name;
    }

    public Loss loss() {
        return loss;
    }

    public List<String> classNames() {
        return classNames;
    }

    @Override
    public List<Network> networks() {
        return List.of(new Network(name, network, optimizer, loss, inputShape));
    }

    @Override
    public List<String> trainMetrics() {
        return TRAIN_METRICS;
    }

    @Override
    public List<String> evaluationMetrics() {
        return EVALUATION_METRICS;
    }

    /** The validation mean IoU, or the training loss without validation data. */
    @Override
    public String bestEpochMetric(boolean validation) {
        return validation ? "validate_mean_iou" : "train_loss";
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        NDList out;
        float value;
        try (GradientCollector gc = step.trainer().newGradientCollector()) {
            out = step.trainer().forward(batch.getData(), batch.getLabels());
            NDArray l = loss.evaluate(batch.getLabels(), out);
            gc.backward(l);
            value = l.getFloat();
        }
        if (Float.isFinite(value)) {
            step.update(name);
        }
        long[][] m = count(batch.getLabels().head(), out.head());
        return Map.of("loss", (double) value, "pixel_accuracy", SegmentationScores.pixelAccuracy(m));
    }

    /** The confusion matrix of a batch: labels (N, 1, H, W) cropped to the scores' map. */
    long[][] count(NDArray labels, NDArray scores) {
        return counter.count(new NDList(PixelLabels.fit(labels, scores.getShape())), new NDList(scores));
    }

    @Override
    public Evaluation newEvaluation(boolean test) {
        return new SegmentationEvaluation(this, test ? reportImages : 0);
    }

    @Override
    public void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {
        ((SegmentationEvaluation) test).report(testData, summary, runDirectory);
    }

    /** Builds a {@link SegmentationTask}. */
    public static final class Builder {
        private String name;
        private Block network;
        private Shape inputShape;
        private OptimizerSettings optimizer = OptimizerSettings.of("adam", 1e-3f, 0f);
        private Loss loss;
        private List<String> classNames;
        private int ignoreIndex = SegmentationLosses.NO_IGNORE;
        private int reportImages = 8;

        private Builder() {}

        /** The network and its name (required). */
        public Builder network(String name, Block network) {
            this.name = Objects.requireNonNull(name, "name");
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** The batch shape (N, C, H, W) the network is initialised with (required). */
        public Builder inputShape(Shape shape) {
            if (shape.dimension() != 4) {
                throw new IllegalArgumentException("the input shape must be (N, C, H, W), got " + shape);
            }
            this.inputShape = shape;
            return this;
        }

        /** Default: Adam, learning rate 1e-3. */
        public Builder optOptimizer(OptimizerSettings optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /** Default: per-pixel cross-entropy skipping the ignore index. */
        public Builder optLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss);
            return this;
        }

        /** One name per class (required); the network must score that many. */
        public Builder classNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /** A mask value to skip in loss and metrics, outside the classes (default none). */
        public Builder optIgnoreIndex(int ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /** How many test images the report draws (default 8; 0 for none). */
        public Builder optReportImages(int images) {
            if (images < 0) {
                throw new IllegalArgumentException("report images must be >= 0, got " + images);
            }
            this.reportImages = images;
            return this;
        }

        public SegmentationTask build() {
            if (network == null) {
                throw new IllegalArgumentException("SegmentationTask needs a network");
            }
            if (inputShape == null) {
                throw new IllegalArgumentException("SegmentationTask needs the input shape (N, C, H, W)");
            }
            if (classNames == null || classNames.size() < 2) {
                throw new IllegalArgumentException("SegmentationTask needs at least 2 class names, got " + classNames);
            }
            PixelLabels.checkIgnoreIndex(ignoreIndex, classNames.size());
            return new SegmentationTask(this);
        }
    }
}
