package dev.classicnets.common.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

/**
 * One supervised optimisation step on one batch: forward, loss, backward, parameter update. The
 * classification task and the throughput benchmark both run exactly this.
 */
public final class TrainStep {

    /** The loss of a step and how many of its predictions were right. */
    public record Outcome(float loss, long correct) {}

    private final Trainer trainer;
    private final Loss loss;
    private final Runnable update;

    /** A step that updates with {@code trainer.step()}. */
    public TrainStep(Trainer trainer, Loss loss) {
        this(trainer, loss, trainer::step);
    }

    /**
     * A step whose update is {@code update} (the loop's, which runs the per-batch hooks such as gradient
     * clipping before the optimizer).
     */
    public TrainStep(Trainer trainer, Loss loss, Runnable update) {
        this.trainer = trainer;
        this.loss = loss;
        this.update = update;
    }

    /**
     * Trains on (x, y) and returns the batch's mean loss and number of correct predictions; skips the
     * update when the loss is not finite (the loop then stops the run).
     */
    public Outcome run(NDList x, NDList y) {
        float batchLoss;
        long correct;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(x, y);
            NDArray l = loss.evaluate(y, out);
            if (l.size() != 1) {
                throw new IllegalArgumentException("a loss must give one number per batch, got shape " + l.getShape());
            }
            gc.backward(l);
            // one read-back for both numbers: each costs a JNI round trip and a copy (a float holds any count
            // below 2^24 exactly)
            NDArray loss0d = l.getShape().dimension() == 0 ? l : l.reshape(new Shape());
            NDArray count = correctCount(out.head(), y.head()).toType(DataType.FLOAT32, false);
            float[] lossAndCorrect = NDArrays.stack(new NDList(loss0d.toType(DataType.FLOAT32, false), count))
                    .toFloatArray();
            batchLoss = lossAndCorrect[0];
            correct = (long) lossAndCorrect[1];
        }
        if (Float.isFinite(batchLoss)) {
            update.run();
        }
        return new Outcome(batchLoss, correct);
    }

    /**
     * How many rows of {@code logits} have their largest value at the label; soft labels (N, K), as mixup
     * makes them, count by their largest weight.
     */
    public static long correct(NDArray logits, NDArray labels) {
        return correctCount(logits, labels).toLongArray()[0];
    }

    /** {@link #correct}'s count as a 0-d int64 array, not yet read back. */
    private static NDArray correctCount(NDArray logits, NDArray labels) {
        NDArray truth = labels.getShape().dimension() == 2 && labels.getShape().get(1) == logits.getShape().get(1)
                && labels.getShape().get(1) > 1 ? labels.argMax(1) : labels.toType(DataType.INT64, false);
        return logits.argMax(1).eq(truth.reshape(-1)).sum();
    }
}
