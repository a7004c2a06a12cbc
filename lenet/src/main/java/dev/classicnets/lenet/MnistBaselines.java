package dev.classicnets.lenet;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.classicnets.common.nn.ClassifierBlock;

/**
 * The course's MNIST ladder below LeNet-5 (Martin Görner's "TensorFlow and deep learning, without
 * a PhD"): softmax regression (~92% on MNIST) and a five-layer ReLU network with dropout (~98%).
 */
public final class MnistBaselines {
    private MnistBaselines() {}

    /** The MLP's hidden widths: 200, 100, 60, 30, then the output layer. */
    static final int[] MLP_HIDDEN = {200, 100, 60, 30};

    /**
     * Softmax regression: one linear layer on the flattened image, {@code in*classes + classes}
     * parameters (7,850 for MNIST).
     */
    public static ClassifierBlock softmaxRegression(int numClasses) {
        requireClasses(numClasses);
        return new ClassifierBlock(Blocks.batchFlattenBlock(), Blocks.identityBlock(),
                Linear.builder().setUnits(numClasses).build());
    }

    /**
     * Five layers: 200, 100, 60, 30 ReLU units, each followed by dropout, then {@code numClasses}
     * outputs (for 28x28 inputs and 10 classes: 185,300 parameters).
     *
     * @param dropout the dropout rate after each hidden layer, in [0, 1) (the course keeps 75%: 0.25)
     */
    public static ClassifierBlock mlp(int numClasses, float dropout) {
        requireClasses(numClasses);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        SequentialBlock hidden = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : MLP_HIDDEN) {
            hidden.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
            if (dropout > 0) {
                hidden.add(Dropout.builder().optRate(dropout).build());
            }
        }
        return new ClassifierBlock(hidden, Blocks.identityBlock(), Linear.builder().setUnits(numClasses).build());
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
    }
}
