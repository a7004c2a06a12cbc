package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Average pooling to a fixed output size, as PyTorch's {@code nn.AdaptiveAvgPool2d}: output cell
 * (i, j) averages input rows {@code floor(i*H/h) .. ceil((i+1)*H/h)-1} (columns likewise). DJL's
 * API has only the global form; this calls libtorch's kernel directly, so it needs the PyTorch
 * engine. Lets AlexNet and VGG heads take inputs of any size, as torchvision's do.
 */
public class AdaptiveAvgPool2d extends AbstractBlock {

    private final int height;
    private final int width;

    /** Pools every feature map to {@code height x width}. */
    public AdaptiveAvgPool2d(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "adaptive pooling output size must be positive, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d expects (N, C, H, W) input, got " + x.getShape());
        }
        if (!(x instanceof PtNDArray pt)) {
            throw new UnsupportedOperationException(
                    "AdaptiveAvgPool2d needs the PyTorch engine, got " + x.getManager().getEngine().getEngineName());
        }
        return new NDList(JniUtils.adaptiveAvgPool(pt, new Shape(height, width)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), height, width)};
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + height + ", " + width + ")";
    }
}
