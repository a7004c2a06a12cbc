package dev.classicnets.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

/**
 * One optimisation step on one batch: forward, loss, backward, parameter update. The training loop
 * and the throughput benchmark both run exactly this.
 */
public final class TrainStep {

    /** The loss of a step and how many of its predictions were right. */
    public record Outcome(float loss, long correct) {}

    private final Trainer trainer;
    private final Loss loss;

    public TrainStep(Trainer trainer, Loss loss) {
        this.trainer = trainer;
        this.loss = loss;
    }

    /** Trains on (x, y) and returns the batch's mean loss and number of correct predictions. */
    public Outcome run(NDList x, NDList y) {
        float batchLoss;
        long correct;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(x, y);
            NDArray l = loss.evaluate(y, out);
            gc.backward(l);
            batchLoss = l.getFloat();
            correct = correct(out.head(), y.head());
        }
        if (Float.isFinite(batchLoss)) {
            trainer.step();
        }
        return new Outcome(batchLoss, correct);
    }

    /** How many rows of {@code logits} have their largest value at the label. */
    public static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels.toType(DataType.INT64, false)).countNonzero().getLong();
    }
}
