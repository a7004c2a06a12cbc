package dev.classicnets.common.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Segmentation labels as the losses and metrics read them: class indices (N, 1, H, W) in int64, and
 * the one-hot form. When the network's map is smaller than the mask (the paper's unpadded U-Net: a
 * 572 tile gives 388), the mask's centre is the part that map predicts, so it is cropped to it.
 */
public final class PixelLabels {
    private PixelLabels() {}

    /**
     * The labels as (N, 1, H', W') int64 for predictions (N, K, H', W'): a (N, H, W) mask gains axis 1,
     * a larger mask is cropped to its centre.
     *
     * @throws IllegalArgumentException if the labels are smaller than the predictions or of another batch
     */
    public static NDArray fit(NDArray labels, Shape predictions) {
        NDArray y = labels.getShape().dimension() == 3 ? labels.expandDims(1) : labels;
        Shape s = y.getShape();
        if (s.dimension() != 4 || s.get(1) != 1 || s.get(0) != predictions.get(0) || s.get(2) < predictions.get(2)
                || s.get(3) < predictions.get(3)) {
            throw new IllegalArgumentException("segmentation labels shaped " + labels.getShape() + " do not fit "
                    + "predictions shaped " + predictions + "; expected (N, 1, H, W) or (N, H, W) at least as large");
        }
        long h = predictions.get(2);
        long w = predictions.get(3);
        if (s.get(2) != h || s.get(3) != w) {
            long top = (s.get(2) - h) / 2;
            long left = (s.get(3) - w) / 2;
            y = y.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h, left, left + w));
        }
        return y.getDataType() == DataType.INT64 ? y : y.toType(DataType.INT64, false);
    }

    /** One-hot (N, K, H, W) float32 of labels (N, 1, H, W); labels outside [0, K) give all-zero columns. */
    public static NDArray oneHot(NDArray labels, int numClasses) {
        NDArray classes = labels.getManager().arange(0, numClasses, 1, DataType.INT64).reshape(1, numClasses, 1, 1);
        return labels.eq(classes).toType(DataType.FLOAT32, false);
    }

    /** 1 where a label is counted, 0 where it is the ignore index; null when nothing is ignored. */
    public static NDArray valid(NDArray labels, int ignoreIndex, int numClasses) {
        checkIgnoreIndex(ignoreIndex, numClasses);
        return ignoreIndex == SegmentationLosses.NO_IGNORE ? null
                : labels.neq(ignoreIndex).toType(DataType.FLOAT32, false);
    }

    /** The ignore index must lie outside [0, K) (255 is common), or be {@link SegmentationLosses#NO_IGNORE}. */
    public static void checkIgnoreIndex(int ignoreIndex, int numClasses) {
        if (ignoreIndex >= 0 && ignoreIndex < numClasses) {
            throw new IllegalArgumentException("the ignore index must lie outside the classes [0, " + numClasses
                    + "), got " + ignoreIndex);
        }
    }
}
