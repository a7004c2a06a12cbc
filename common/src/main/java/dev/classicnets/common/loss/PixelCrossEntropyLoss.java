package dev.classicnets.common.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Per-pixel softmax cross-entropy over the class axis of logits (N, K, H, W) against labels (N, 1, H, W),
 * as {@code torch.nn.functional.cross_entropy(logits, labels, weight, ignore_index)}: the weighted mean
 * {@code sum(w_i * -log p_i[y_i]) / sum(w_i)} over the pixels not labelled with the ignore index, where
 * {@code w_i} is the class weight of the pixel's label (1 without weights).
 *
 * <p>With a {@link BorderWeightMap} (the U-Net paper's equation 2) a pixel's weight is its class weight plus
 * the map's border term, which makes the thin background gaps between touching objects count.
 */
public final class PixelCrossEntropyLoss extends Loss {

    private final int numClasses;
    private final int ignoreIndex;
    private final float[] classWeights;
    private final BorderWeightMap weightMap;

    /**
     * @param ignoreIndex label of pixels to skip, outside [0, K), or {@link SegmentationLosses#NO_IGNORE}
     * @param classWeights one positive weight per class, or null for 1 each
     * @param weightMap the paper's border weights, or null
     */
    public PixelCrossEntropyLoss(int numClasses, int ignoreIndex, float[] classWeights, BorderWeightMap weightMap) {
        super(weightMap == null ? "pixel_ce" : "pixel_ce_weight_map");
        if (numClasses < 2) {
            throw new IllegalArgumentException("pixel cross-entropy needs at least 2 classes, got " + numClasses);
        }
        if (classWeights != null) {
            if (classWeights.length != numClasses) {
                throw new IllegalArgumentException("class weights must give one weight per class (" + numClasses
                        + "), got " + classWeights.length);
            }
            for (float w : classWeights) {
                if (!(w >= 0) || Float.isInfinite(w)) {
                    throw new IllegalArgumentException("class weights must be finite and >= 0, got " + w);
                }
            }
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.weightMap = weightMap;
        PixelLabels.checkIgnoreIndex(ignoreIndex, numClasses);
    }

    /** Plain cross-entropy over {@code numClasses} classes, nothing ignored, no weights. */
    public PixelCrossEntropyLoss(int numClasses) {
        this(numClasses, SegmentationLosses.NO_IGNORE, null, null);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        Shape s = logits.getShape();
        if (s.dimension() != 4 || s.get(1) != numClasses) {
            throw new IllegalArgumentException(getName() + " expects logits (N, " + numClasses + ", H, W), got " + s);
        }
        NDArray y = PixelLabels.fit(labels.head(), s);
        NDArray valid = PixelLabels.valid(y, ignoreIndex, numClasses);
        NDArray oneHot = PixelLabels.oneHot(y, numClasses);
        checkRange(oneHot, valid, y);
        NDArray picked = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}, true); // (N, 1, H, W)
        NDArray w;
        if (classWeights != null) {
            NDArray cw = logits.getManager().create(classWeights).reshape(1, numClasses, 1, 1);
            w = oneHot.mul(cw).sum(new int[] {1}, true);
        } else {
            w = valid != null ? valid : logits.getManager().ones(y.getShape(), DataType.FLOAT32);
        }
        if (weightMap != null) {
            NDArray border = logits.getManager().create(weightMap.borderTerms(y), y.getShape());
            w = w.add(valid == null ? border : border.mul(valid));
        }
        return picked.mul(w).sum().neg().div(w.sum());
    }

    /** A label neither in [0, K) nor the ignore index is an error, not a silently zero loss. */
    private void checkRange(NDArray oneHot, NDArray valid, NDArray y) {
        NDArray covered = oneHot.sum(new int[] {1}, true);
        NDArray stray = valid == null ? covered.eq(0) : covered.eq(0).logicalAnd(valid.eq(1));
        if (stray.any().getBoolean()) {
            long bad = y.get(stray).get(0).getLong();
            throw new IllegalArgumentException(getName() + ": label " + bad + " is outside the classes [0, " + numClasses
                    + ")" + (ignoreIndex == SegmentationLosses.NO_IGNORE ? "" : " and is not the ignore index "
                    + ignoreIndex));
        }
    }
}
