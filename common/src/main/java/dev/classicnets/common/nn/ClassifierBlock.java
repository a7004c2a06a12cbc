package dev.classicnets.common.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * The shape every classification network in ClassicNets shares: {@code head(pool(features(x)))}.
 *
 * <p>Three named children, so that transfer learning can treat any network alike: keep the
 * {@link #features() feature extractor}, replace the {@link #head() head} for a new class count
 * ({@link #replaceHead}), freeze what it keeps. {@code pool} turns the feature map into what the
 * head takes (a flatten, a global or adaptive average pool, or the identity).
 */
public class ClassifierBlock extends AbstractBlock {

    public static final String FEATURES = "features";
    public static final String POOL = "pool";
    public static final String HEAD = "head";

    private static final byte VERSION = 1;

    /**
     * Builds the classifier from its three parts.
     *
     * @param features the feature extractor (convolutional trunk)
     * @param pool what turns features into the head's input (flatten, pooling, identity)
     * @param head the classifier head, ending in one logit per class
     */
    public ClassifierBlock(Block features, Block pool, Block head) {
        super(VERSION);
        addChildBlock(FEATURES, Objects.requireNonNull(features, "features"));
        addChildBlock(POOL, Objects.requireNonNull(pool, "pool"));
        addChildBlock(HEAD, Objects.requireNonNull(head, "head"));
    }

    /** The convolutional trunk. */
    public Block features() {
        return children.valueAt(0);
    }

    /** The step between the trunk and the head. */
    public Block pool() {
        return children.valueAt(1);
    }

    /** The classification head (its last layer has one output per class). */
    public Block head() {
        return children.valueAt(2);
    }

    /**
     * Replaces the head, e.g. for a different number of classes. The new head is uninitialised;
     * call {@code initialize} (or let the trainer do it) before use. Parameter names stay stable.
     */
    public void replaceHead(Block newHead) {
        Objects.requireNonNull(newHead, "newHead");
        String key = children.keyAt(2);
        children.remove(2);
        children.add(2, key, newHead); // same slot: subclasses may have more children after it
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = features().forward(ps, inputs, training, params);
        x = pool().forward(ps, x, training, params);
        return head().forward(ps, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = features().getOutputShapes(inputShapes);
        s = pool().getOutputShapes(s);
        return head().getOutputShapes(s);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block child : children.values()) {
            child.initialize(manager, dataType, s);
            s = child.getOutputShapes(s);
        }
    }
}
