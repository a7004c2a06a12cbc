package dev.classicnets.lenet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.nn.MaxPool2d;
import dev.classicnets.common.nn.NamedSequence;
import java.util.Locale;

/**
 * LeNet-5, after LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document
 * recognition" (Proc. IEEE, 1998), Figure 2:
 *
 * <pre>
 * layer  paper                     here (28x28 input: C1 pads by 2)
 * C1     6 maps 5x5 conv    32->28  Conv2d(6, 5x5)           -> 6x28x28
 * S2     2x2 subsampling    28->14  pool 2x2 / 2             -> 6x14x14
 * C3     16 maps 5x5 conv   14->10  Conv2d(16, 5x5)          -> 16x10x10
 * S4     2x2 subsampling    10->5   pool 2x2 / 2             -> 16x5x5
 * C5     120 maps 5x5 conv   5->1   Conv2d(120, 5x5)         -> 120x1x1
 * F6     84 units                   Linear(84)
 * output 10 units                   Linear(classes)
 * </pre>
 *
 * <p>Two variants: {@link Variant#CLASSIC} with tanh and average pooling, the closest to the
 * paper; {@link Variant#MODERN} with ReLU and max pooling, which trains faster. Like most
 * re-implementations (and the course), C3 connects to all six S2 maps instead of the paper's sparse
 * table, S2/S4 have no trainable coefficients, and the output is a linear layer instead of RBF units.
 * With 10 classes: 61,706 trainable parameters, 61,470 of them weights (the rest biases).
 *
 * <p>Split as {@link ClassifierBlock}: features = C1..C5, pool = flatten, head = F6 and output.
 *
 * <p>Initialisation: {@link Variant#CLASSIC} as the paper's appendix A, every weight U(±2.4 / F_in)
 * (F_in: the unit's fan-in), small enough to keep the weighted sums in the squashing function's
 * near-linear range; {@link Variant#MODERN} He et al. 2015's N(0, 2 / F_in), the fan-in rule derived
 * for ReLU, which keeps the activations' scale from layer to layer (LeCun's variance, 1.92 / F_in²,
 * falls with the square of the fan-in). Biases start at 0 in both; the paper does not single them out.
 */
public final class LeNet5 {
    private LeNet5() {}

    /** Activation and pooling of the two variants. */
    public enum Variant {
        /** tanh, average pooling (the paper's squashing function and subsampling). */
        CLASSIC,
        /** ReLU, max pooling. */
        MODERN;

        /** The variant named {@code lenet5} (modern) or {@code lenet5-classic} / {@code classic}. */
        public static Variant parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "classic", "lenet5-classic" -> CLASSIC;
                case "modern", "lenet5" -> MODERN;
                default -> throw new IllegalArgumentException(
                        "unknown LeNet-5 variant '" + name + "'; expected classic or modern");
            };
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a LeNet-5. */
    public static final class Builder {
        private Variant variant = Variant.MODERN;
        private int numClasses = 10;
        private int inChannels = 1;
        private int imageSize = 28;

        private Builder() {}

        public Builder variant(Variant variant) {
            this.variant = variant;
            return this;
        }

        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Input channels (default 1). */
        public Builder optInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /** 28 (C1 pads by 2, as for MNIST) or 32 (the paper's input, no padding). Default 28. */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public ClassifierBlock build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
            }
            if (inChannels < 1) {
                throw new IllegalArgumentException("inChannels must be at least 1, got " + inChannels);
            }
            if (imageSize != 28 && imageSize != 32) {
                throw new IllegalArgumentException("LeNet-5 takes 28x28 or 32x32 images, got " + imageSize + "x"
                        + imageSize);
            }
            int pad = imageSize == 28 ? 2 : 0;
            boolean classic = variant == Variant.CLASSIC;
            NamedSequence features = NamedSequence.positional();
            features.add("Conv2d", ChannelPaddedConv2d.overData(conv(6, pad))); // C1: 6x28x28
            squashAndSubsample(features, classic); // S2: 6x14x14
            features.add("Conv2d", new ChannelPaddedConv2d(conv(16, 0))); // C3: 16x10x10
            squashAndSubsample(features, classic); // S4: 16x5x5
            features.add("Conv2d", new ChannelPaddedConv2d(conv(120, 0))) // C5: 120x1x1
                    .add(classic ? Activation.tanhBlock() : Activation.reluBlock());
            SequentialBlock head = new SequentialBlock()
                    .add(Linear.builder().setUnits(84).build()) // F6
                    .add(classic ? Activation.tanhBlock() : Activation.reluBlock())
                    .add(Linear.builder().setUnits(numClasses).build()); // output
            ClassifierBlock net = new ClassifierBlock(features, Blocks.batchFlattenBlock(), head);
            net.setInitializer(classic ? Initialization.uniformOverFanIn(2.4f) : Initialization.heNormalFanIn(),
                    Parameter.Type.WEIGHT);
            return net;
        }

        /**
         * A 5x5 convolution. As a plain {@code Conv2d}, C5's 120 filters got input gradients off by a third
         * of their range, sometimes NaN; as a {@link ChannelPaddedConv2d} C5, whose kernel covers its 5x5
         * input, is the matrix product it is.
         */
        private static Conv2d.Builder conv(int filters, int pad) {
            return Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(filters).optPadding(new Shape(pad, pad));
        }

        /**
         * The activation of a convolution and the 2x2 subsampling after it. Classic: tanh, then average pooling.
         * Modern: max pooling, then ReLU, the same function and gradient as ReLU then max pooling (both are
         * monotone, so they commute; the gradient reaches the same element), with ReLU on a quarter of the
         * values.
         */
        private static void squashAndSubsample(NamedSequence features, boolean classic) {
            if (classic) {
                Shape two = new Shape(2, 2);
                features.add(Activation.tanhBlock()).add(Pool.avgPool2dBlock(two, two));
            } else {
                features.add(MaxPool2d.block(2, 2)).add(Activation.reluBlock());
            }
        }
    }
}
