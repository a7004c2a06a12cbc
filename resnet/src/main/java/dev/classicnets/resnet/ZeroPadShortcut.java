package dev.classicnets.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The paper's option A shortcut ({@link Shortcut#ZERO_PAD}): keep every {@code stride}-th row and
 * column, then append zero channels up to {@code outChannels}. No parameters, so the CIFAR ResNets
 * have exactly as many as their plain twins.
 */
final class ZeroPadShortcut extends AbstractBlock {

    private final int outChannels;
    private final int stride;

    ZeroPadShortcut(int outChannels, int stride) {
        this.outChannels = outChannels;
        this.stride = stride;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (stride > 1) {
            x = x.get(new NDIndex(":, :, ::{}, ::{}", stride, stride));
        }
        Shape s = x.getShape();
        long missing = outChannels - s.get(1);
        if (missing > 0) {
            NDArray zeros = x.getManager().zeros(new Shape(s.get(0), missing, s.get(2), s.get(3)),
                    x.getDataType(), x.getDevice());
            x = NDArrays.concat(new NDList(x, zeros), 1);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        // Rows 0, stride, 2*stride, ...: ceil(H / stride) of them, as a 3x3 convolution with
        // padding 1 and the same stride produces.
        return new Shape[] {new Shape(in.get(0), outChannels,
                ceilDiv(in.get(2), stride), ceilDiv(in.get(3), stride))};
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "ZeroPadShortcut(out=" + outChannels + ", stride=" + stride + ")";
    }
}
