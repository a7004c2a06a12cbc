package dev.classicnets.common.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.nn.Arithmetic;

/**
 * {@code 1 - mean over classes of (TP + s) / (TP + alpha FP + beta FN + s)} on the softmax of logits
 * (N, K, H, W), with soft counts summed over the batch and the pixels (Salehi, Erdogmus &amp; Gholipour
 * 2017). alpha = beta = 1/2 is the Dice loss (Milletari et al. 2016's V-Net, as a multi-class mean),
 * alpha = beta = 1 the Jaccard (soft IoU) loss. Pixels labelled with the ignore index count nowhere.
 * The smoothing {@code s} (default 1) keeps a class absent from both prediction and batch at 0 loss.
 */
public final class TverskyLoss extends Loss {

    private final int numClasses;
    private final int ignoreIndex;
    private final double alpha;
    private final double beta;
    private final double smooth;

    public TverskyLoss(String name, int numClasses, int ignoreIndex, double alpha, double beta, double smooth) {
        super(name);
        if (numClasses < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 classes, got " + numClasses);
        }
        if (!(alpha >= 0 && beta >= 0 && alpha + beta > 0) || Double.isInfinite(alpha + beta)) {
            throw new IllegalArgumentException(name + ": alpha and beta must be >= 0, not both 0, got " + alpha
                    + " and " + beta);
        }
        if (!(smooth >= 0) || Double.isInfinite(smooth)) {
            throw new IllegalArgumentException(name + ": smoothing must be >= 0, got " + smooth);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.alpha = alpha;
        this.beta = beta;
        this.smooth = smooth;
        PixelLabels.checkIgnoreIndex(ignoreIndex, numClasses);
    }

    /** The soft Dice loss (alpha = beta = 1/2). */
    public static TverskyLoss dice(int numClasses, int ignoreIndex) {
        return new TverskyLoss("dice", numClasses, ignoreIndex, 0.5, 0.5, 1);
    }

    /** The soft Jaccard (IoU) loss (alpha = beta = 1). */
    public static TverskyLoss jaccard(int numClasses, int ignoreIndex) {
        return new TverskyLoss("jaccard", numClasses, ignoreIndex, 1, 1, 1);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        Shape s = logits.getShape();
        if (s.dimension() != 4 || s.get(1) != numClasses) {
            throw new IllegalArgumentException(getName() + " expects logits (N, " + numClasses + ", H, W), got " + s);
        }
        NDArray y = PixelLabels.fit(labels.head(), s);
        NDArray p = logits.softmax(1);
        NDArray g = PixelLabels.oneHot(y, numClasses);
        NDArray valid = PixelLabels.valid(y, ignoreIndex, numClasses);
        if (valid != null) {
            p = p.mul(valid);
        }
        int[] axes = {0, 2, 3};
        NDArray tp = p.mul(g).sum(axes);
        NDArray fp = p.sum(axes).sub(tp);
        NDArray fn = g.sum(axes).sub(tp);
        float s0 = (float) smooth; // float scalars: a double would promote the result to float64
        NDArray index = tp.add(s0).div(tp.add(Arithmetic.mul(fp, alpha)).add(Arithmetic.mul(fn, beta)).add(s0));
        return index.mean().neg().add(1f);
    }
}
