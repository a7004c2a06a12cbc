package dev.classicnets.vaegan;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.classicnets.common.nn.MaxPool2d;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.NamedSequence;

/**
 * The small LeNet-like classifier whose penultimate layer the Fréchet distance of generated images is
 * measured in (the "Fréchet LeNet distance" used for MNIST-like data, where Inception's ImageNet
 * features mean little):
 *
 * <pre>
 * features  conv 5x5 16 pad 2, ReLU, max-pool 2 (14x14), conv 5x5 32, ReLU, max-pool 2 (5x5),
 *           flatten, linear 128, ReLU         -&gt; the 128 features
 * head      linear classes
 * </pre>
 *
 * Widths are multiples of 16 (libtorch's oneDNN computes wrong convolutions at some other widths on
 * this machine's CPU, see common.nn). 28x28x1 with 10 classes: 117,066 parameters. It is defined here,
 * not borrowed from the lenet module, so that vae-gan depends only on common.
 */
public final class FeatureClassifier {
    private FeatureClassifier() {}

    /** Features then head; the child named {@code features} is what {@link FeatureNet} runs. */
    public static NamedSequence build(int channels, int classes) {
        Require.that(channels >= 1 && classes >= 1, "channels and classes must be at least 1, got " + channels
                + " and " + classes);
        NamedSequence features = new NamedSequence()
                .add("conv1", Conv2d.builder().setFilters(16).setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2))
                        .build()) // its input needs no gradient: ChannelPaddedConv2d's input-gradient case does not arise
                .add("relu1", Activation.reluBlock()).add("pool1", MaxPool2d.block(2, 2)) // 14x14
                .add("conv2", Conv2d.builder().setFilters(32).setKernelShape(new Shape(5, 5)).build())
                .add("relu2", Activation.reluBlock()).add("pool2", MaxPool2d.block(2, 2)) // 5x5
                .add("flatten", Blocks.batchFlattenBlock())
                .add("fc", Linear.builder().setUnits(FEATURES).build()).add("relu3", Activation.reluBlock());
        return new NamedSequence().add("features", features).add("head", Linear.builder().setUnits(classes).build());
    }

    /** The length of the feature vector. */
    public static final int FEATURES = 128;

    /** The block's feature part. */
    static Block features(NamedSequence classifier) {
        return classifier.getChildren().get(0).getValue(); // DJL prefixes child names with their position
    }
}
