package dev.classicnets.googlenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's GoogLeNet {@code transform_input}: turns an image normalised with ImageNet's mean
 * and std ({@code (x - mean) / std}) into one normalised as {@code (x - 0.5) / 0.5}, channel by
 * channel. torchvision's pretrained GoogLeNet was trained on the latter and switches this on with
 * its weights, so the same ImageNet pipeline serves every model.
 */
final class TransformInput extends AbstractBlock {

    /** ImageNet's per-channel mean and std (RGB), as torchvision's transforms use them. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != MEAN.length) {
            throw new IllegalArgumentException("transform_input expects (N, 3, H, W) RGB input, got " + x.getShape());
        }
        float[] scale = new float[MEAN.length];
        float[] shift = new float[MEAN.length];
        for (int c = 0; c < MEAN.length; c++) {
            // ((x * std + mean) - 0.5) / 0.5, as torchvision writes it
            scale[c] = STD[c] / 0.5f;
            shift[c] = (MEAN[c] - 0.5f) / 0.5f;
        }
        // (N, 3, H, W) * (1, 3, 1, 1) + (1, 3, 1, 1)
        NDArray s = x.getManager().create(scale, new Shape(1, 3, 1, 1)).toType(x.getDataType(), false);
        NDArray t = x.getManager().create(shift, new Shape(1, 3, 1, 1)).toType(x.getDataType(), false);
        return new NDList(x.mul(s).add(t));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "TransformInput(ImageNet mean/std -> (x - 0.5) / 0.5)";
    }
}
