package dev.classicnets.common.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * Cross-entropy of logits (N, K) against soft labels (N, K) (mixup, CutMix, label smoothing):
 * mean over the batch of -sum_k y_k log softmax(z)_k. Hard labels (N) or (N, 1) are also taken, so
 * one loss serves mixed training batches and unmixed validation batches.
 *
 * <p>Both cases are DJL's {@link SoftmaxCrossEntropyLoss} (sparse or not); this class only picks the
 * case by the labels' shape and refuses shapes that DJL would silently reshape.
 */
public class SoftLabelCrossEntropyLoss extends Loss {
    private final SoftmaxCrossEntropyLoss soft;
    private final SoftmaxCrossEntropyLoss hard;

    /** Named "SoftLabelCrossEntropyLoss". */
    public SoftLabelCrossEntropyLoss() {
        this("SoftLabelCrossEntropyLoss");
    }

    public SoftLabelCrossEntropyLoss(String name) {
        super(name);
        soft = new SoftmaxCrossEntropyLoss(name, 1, 1, false, true);
        hard = new SoftmaxCrossEntropyLoss(name, 1, 1, true, true);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow();
        Shape shape = logits.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(getName() + " expects logits shaped (N, K), got " + shape);
        }
        if (label.getShape().equals(shape)) {
            return soft.evaluate(labels, predictions);
        }
        long n = shape.get(0);
        if (label.getShape().equals(new Shape(n)) || label.getShape().equals(new Shape(n, 1))) {
            return hard.evaluate(new NDList(label.reshape(n)), predictions);
        }
        throw new IllegalArgumentException(getName() + ": labels shaped " + label.getShape() + " fit neither soft"
                + " labels " + shape + " nor class indices (" + n + ") or (" + n + ", 1)");
    }
}
