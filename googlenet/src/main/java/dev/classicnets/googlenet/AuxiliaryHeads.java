package dev.classicnets.googlenet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.AdaptiveAvgPool2d;
import dev.classicnets.common.nn.NamedSequence;

/**
 * The two auxiliary classifiers on top of inception 4a and 4d (Szegedy et al. 2014, section 5),
 * named {@code aux1} and {@code aux2} as in torchvision. Each: average pool to 4x4, 1x1
 * convolution with 128 filters, fully connected 1024 with ReLU, dropout 0.7, a linear classifier.
 * Used in training only; their losses are added with weight 0.3 ({@link AuxiliaryLoss}).
 *
 * <p>Input: the two feature maps; output: the two logit arrays.
 */
public class AuxiliaryHeads extends AbstractBlock {

    private static final int FC_UNITS = 1024;
    private static final int CONV_FILTERS = 128;
    private static final int GRID = 4;

    private int numClasses;

    AuxiliaryHeads(Variant variant, int numClasses) {
        this.numClasses = numClasses;
        addChildBlock("aux1", head(variant, numClasses));
        addChildBlock("aux2", head(variant, numClasses));
    }

    /** Replaces each head's last layer by a fresh, uninitialised one for {@code numClasses}, under its name. */
    void replaceClassifiers(int numClasses) {
        for (Block head : children.values()) {
            ((NamedSequence) head).replaceLast(Linear.builder().setUnits(numClasses).build());
        }
        this.numClasses = numClasses;
    }

    private static NamedSequence head(Variant variant, int numClasses) {
        NamedSequence pool = new NamedSequence();
        if (variant == Variant.PAPER) {
            // The paper's 5x5/3 average pool (14x14 -> 4x4 at 224x224, ceil mode as in Caffe) ...
            pool.add("avgpool", Pool.avgPool2dBlock(new Shape(5, 5), new Shape(3, 3), new Shape(0, 0), true, false));
        }
        // ... and, for other input sizes, to 4x4 anyway (torchvision's way), so that fc1 always
        // has 128 * 4 * 4 = 2048 inputs. At 224x224 this is the identity for the paper variant.
        pool.add("resize", new AdaptiveAvgPool2d(GRID, GRID));
        return new NamedSequence()
                .add("pool", pool)
                .add("conv", variant.conv(CONV_FILTERS, 1, 1)) // 4x4x128
                .add("flatten", Blocks.batchFlattenBlock()) // 2048
                .add("fc1", Linear.builder().setUnits(FC_UNITS).build())
                .add("relu", Activation.reluBlock())
                .add("dropout", Dropout.builder().optRate(0.7f).build())
                .add("fc2", Linear.builder().setUnits(numClasses).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList logits = new NDList(2);
        for (int i = 0; i < 2; i++) {
            Block head = children.valueAt(i);
            logits.add(head.forward(ps, new NDList(inputs.get(i)), training, params).singletonOrThrow());
        }
        return logits;
    }

    /**
     * {@code (N, numClasses)} twice, whatever the inputs' other dimensions: {@code ModelSummary}
     * lists this block after the main head and hands it the head's output shape.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, numClasses), new Shape(batch, numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        children.valueAt(0).initialize(manager, dataType, inputShapes[0]);
        children.valueAt(1).initialize(manager, dataType, inputShapes[1]);
    }
}
