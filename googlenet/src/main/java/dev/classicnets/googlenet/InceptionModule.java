package dev.classicnets.googlenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.NamedSequence;

/**
 * An inception module: four branches on the same input, concatenated along the channels. The map
 * size is unchanged. Branches are named as torchvision's: {@code branch1} (1x1), {@code branch2}
 * (3x3), {@code branch3} ("5x5"), {@code branch4} (max pool).
 */
public class InceptionModule extends AbstractBlock {

    private final int inChannels;
    private final int outChannels;

    /**
     * @param row the filter counts
     * @param form naive (Figure 2a) or with dimension reductions (Figure 2b)
     * @param variant conv unit and "5x5" kernel
     * @param inChannels channels of the input, which a naive module passes through its pooling branch
     */
    public InceptionModule(InceptionRow row, Inception form, Variant variant, int inChannels) {
        this.inChannels = inChannels;
        this.outChannels = row.outChannels(form, inChannels);
        // 3x3 max pool, stride 1, padding 1: keeps the map size, so it can be concatenated
        Block pool = Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), true);
        int wide = variant.wideKernel();
        addChildBlock("branch1", variant.conv(row.n1x1(), 1, 1));
        if (form == Inception.REDUCED) {
            addChildBlock("branch2", numbered(variant.conv(row.n3x3Reduce(), 1, 1), variant.conv(row.n3x3(), 3, 1)));
            addChildBlock("branch3", numbered(variant.conv(row.n5x5Reduce(), 1, 1), variant.conv(row.n5x5(), wide, 1)));
            addChildBlock("branch4", numbered(pool, variant.conv(row.poolProj(), 1, 1)));
        } else {
            addChildBlock("branch2", numbered(variant.conv(row.n3x3(), 3, 1)));
            addChildBlock("branch3", numbered(variant.conv(row.n5x5(), wide, 1)));
            addChildBlock("branch4", numbered(pool));
        }
    }

    /** A branch as torchvision's {@code nn.Sequential}: children named 0, 1, ... */
    private static NamedSequence numbered(Block... layers) {
        NamedSequence branch = new NamedSequence();
        for (int i = 0; i < layers.length; i++) {
            branch.add(String.valueOf(i), layers[i]);
        }
        return branch;
    }

    /** Channels of the concatenated output. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(4);
        for (Block branch : children.values()) {
            outputs.add(branch.forward(ps, inputs, training, params).singletonOrThrow());
        }
        return new NDList(NDArrays.concat(outputs, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].get(1) != inChannels) {
            throw new IllegalArgumentException("inception module built for " + inChannels
                    + " input channels got input " + inputShapes[0]);
        }
        for (Block branch : children.values()) {
            branch.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String toString() {
        return "InceptionModule(" + inChannels + " -> " + outChannels + ")";
    }
}
