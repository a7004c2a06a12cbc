package dev.classicnets.common.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
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
public class ClassifierBlock extends ChannelsLastBlock {

    public static final String FEATURES = "features";
    public static final String POOL = "pool";
    public static final String HEAD = "head";

    private static final byte VERSION = 1;

    private boolean featuresFrozen;

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

    /**
     * Replaces the head's last linear layer by a fresh one with {@code numClasses} outputs, under the same
     * name, so that the network's parameter names stay those of the original (a fine-tuned network reloads
     * into a network built for {@code numClasses}); the layers before it in the head keep their weights. The
     * new layer is uninitialised: the training loop initialises it under the run's seed. Networks with more
     * heads (GoogLeNet's auxiliary classifiers) replace those too.
     *
     * @throws IllegalArgumentException if {@code numClasses < 1}, or the head does not end in a linear layer
     */
    public void replaceHead(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("replaceHead: numClasses must be >= 1, got " + numClasses);
        }
        replaceHead(withNewClassifier(head(), numClasses));
    }

    /**
     * {@code head} with its last linear layer replaced by a fresh one of {@code numClasses} outputs under the
     * same name: a {@link Linear} itself, or a {@link NamedSequence} or {@link SequentialBlock} ending in one.
     */
    protected static Block withNewClassifier(Block head, int numClasses) {
        Linear fresh = Linear.builder().setUnits(numClasses).build();
        if (head instanceof Linear) {
            return fresh;
        }
        if (head instanceof SequentialBlock sequence && !sequence.getChildren().isEmpty()
                && sequence.getChildren().valueAt(sequence.getChildren().size() - 1) instanceof Linear) {
            if (sequence instanceof NamedSequence named) {
                named.replaceLast(fresh);
            } else {
                sequence.replaceLastBlock(fresh); // named after its class and position, as the one it replaces
            }
            return sequence;
        }
        throw new IllegalArgumentException("cannot replace the head's classifier: the head ("
                + head.getClass().getSimpleName() + ") does not end in a linear layer");
    }

    /**
     * Freezes the feature extractor (no gradients, no updates) with its batch norms in inference mode, or
     * unfreezes it. While frozen, the features run as in evaluation even in training (Keras' rule): DJL's
     * {@code freezeParameters} alone leaves batch norm in training mode, where its running statistics keep
     * moving toward the new data's (a fine-tuning run lost 5.5 and 8.2 points of accuracy to that).
     */
    public void freezeFeatures(boolean frozen) {
        features().freezeParameters(frozen);
        pool().freezeParameters(frozen);
        featuresFrozen = frozen;
    }

    /** Whether {@link #freezeFeatures} froze the features. */
    public boolean featuresFrozen() {
        return featuresFrozen;
    }

    /** The mode the features run in: training only when training and not frozen. */
    protected boolean featuresTraining(boolean training) {
        return training && !featuresFrozen;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = features().forward(ps, inputs, featuresTraining(training), params);
        x = pool().forward(ps, x, featuresTraining(training), params);
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
