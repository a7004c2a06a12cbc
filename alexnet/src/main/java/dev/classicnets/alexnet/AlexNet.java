package dev.classicnets.alexnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.ConvNetSize;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.nn.LocalResponseNorm;
import dev.classicnets.common.nn.MaxPool2d;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * AlexNet: A. Krizhevsky, I. Sutskever, G. E. Hinton, "ImageNet Classification with Deep
 * Convolutional Neural Networks", NeurIPS 2012, in three variants ({@link Variant}).
 *
 * <p>Five convolutional layers (ReLU after each; local response normalisation and overlapping 3×3
 * stride-2 max pooling where the table says), then an adaptive average pool to 6×6 and three fully
 * connected layers with dropout before the first two. Trainable parameters for 1000 classes and
 * 3-channel input: {@link Variant#PAPER} 60,965,224 (at 227×227); {@link Variant#ONE_TOWER}
 * 62,378,344; {@link Variant#TORCHVISION} 61,100,840, the same network as torchvision's
 * {@code torchvision.models.alexnet()} with the same parameter order ({@link #torchvisionMapping}).
 * The adaptive pool makes the count independent of the input size, but an input must be at least
 * {@link Variant#minInputSize()} pixels square (67 paper/one-tower, 63 torchvision). Initialised as the
 * paper's section 5 (N(0, 0.01²) weights; biases 1 in conv2, conv4, conv5, fc6 and fc7), the torchvision
 * variant as torchvision's (PyTorch's layer defaults, U(±1/√fan-in) weights and biases).
 *
 * <pre>{@code
 * AlexNet net = AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(1000).build();
 * }</pre>
 */
public final class AlexNet extends ClassifierBlock implements TorchvisionCounterpart {

    /** The paper's size beyond the table: full width, 4096-unit fc6 and fc7, a 6x6 pool, dropout 0.5. */
    public static final ConvNetSize PAPER_SIZE = new ConvNetSize(1f, 4096, 6, 0.5f);

    /** What follows a convolution besides its ReLU. */
    private enum After { LRN, POOL }

    /**
     * One row of the table: a convolution and what follows it. {@code split}: in the two-tower
     * network each tower's kernels see only their own tower's maps (a grouped convolution).
     */
    private record Conv(int filters, int kernel, int stride, int padding, boolean split, List<After> after) {}

    private static Conv conv(int filters, int kernel, int stride, int padding, boolean split, After... after) {
        return new Conv(filters, kernel, stride, padding, split, List.of(after));
    }

    // Section 3.5 and Figure 2 of the paper; shapes for a 3x227x227 input (the paper's "224" does
    // not fit an 11x11 stride-4 kernel: 227 does). conv2, conv4 and conv5 see one tower only.
    private static final List<Conv> KRIZHEVSKY_2012 = List.of(
            conv(96, 11, 4, 0, false, After.LRN, After.POOL), // 96x55x55, pooled to 96x27x27
            conv(256, 5, 1, 2, true, After.LRN, After.POOL),  // 256x27x27, pooled to 256x13x13
            conv(384, 3, 1, 1, false),                        // 384x13x13, sees both towers
            conv(384, 3, 1, 1, true),                         // 384x13x13
            conv(256, 3, 1, 1, true, After.POOL));            // 256x13x13, pooled to 256x6x6

    // torchvision.models.alexnet (after Krizhevsky 2014, "One weird trick", arXiv:1404.5997): one
    // tower, no LRN; shapes for 3x224x224.
    private static final List<Conv> TORCHVISION_LAYERS = List.of(
            conv(64, 11, 4, 2, false, After.POOL),  // 64x55x55, pooled to 64x27x27
            conv(192, 5, 1, 2, false, After.POOL),  // 192x27x27, pooled to 192x13x13
            conv(384, 3, 1, 1, false),              // 384x13x13
            conv(256, 3, 1, 1, false),              // 256x13x13
            conv(256, 3, 1, 1, false, After.POOL)); // 256x13x13, pooled to 256x6x6

    /** The three AlexNets; {@link #cliName()} is how a command line names them. */
    public enum Variant {
        /**
         * The paper's two-tower network as grouped convolutions: 60,965,224 parameters. Kept (N, C, H, W):
         * channels-last made its training step 0.87x as fast.
         */
        PAPER("paper", 2, KRIZHEVSKY_2012, false),
        /** The paper's network in one tower (no groups): 62,378,344 parameters. Kept (N, C, H, W), not measured. */
        ONE_TOWER("one-tower", 1, KRIZHEVSKY_2012, false),
        /**
         * torchvision's {@code alexnet()}: 64-192-384-256-256, no LRN; 61,100,840 parameters. Channels-last
         * (1.05x as fast a training step at 224²).
         */
        TORCHVISION("torchvision", 1, TORCHVISION_LAYERS, true);

        private final String cliName;
        private final int towers;
        private final List<Conv> layers;
        private final boolean channelsLast;

        Variant(String cliName, int towers, List<Conv> layers, boolean channelsLast) {
            this.cliName = cliName;
            this.towers = towers;
            this.layers = layers;
            this.channelsLast = channelsLast;
        }

        /** The variant's command-line name: {@code paper}, {@code one-tower} or {@code torchvision}. */
        public String cliName() {
            return cliName;
        }

        /**
         * The variant named {@code name} ({@code paper|one-tower|torchvision}; case and {@code _}
         * for {@code -} do not matter).
         */
        public static Variant fromCliName(String name) {
            String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Variant v : values()) {
                if (v.cliName.equals(wanted)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown AlexNet variant '" + name + "', expected one of "
                    + Arrays.stream(values()).map(Variant::cliName).collect(Collectors.joining("|")));
        }

        /**
         * The smallest input height and width the variant takes: the last max pool needs a 3×3
         * map. 67 for the paper's geometry, 63 for torchvision's (its first convolution pads by 2).
         */
        public int minInputSize() {
            int size = 1; // the last feature map is at least 1x1; walk back to the input
            for (int i = layers.size() - 1; i >= 0; i--) {
                Conv c = layers.get(i);
                if (c.after().contains(After.POOL)) {
                    size = 2 * (size - 1) + 3;
                }
                size = Math.max(1, c.stride() * (size - 1) + c.kernel() - 2 * c.padding());
            }
            return size;
        }
    }

    private final Variant variant;
    private final int inChannels;

    private AlexNet(Variant variant, int inChannels, boolean channelsLast, Block features, Block pool, Block head) {
        super(features, pool, head);
        setChannelsLast(channelsLast);
        this.variant = variant;
        this.inChannels = inChannels;
    }

    /** A builder; {@link Builder#variant} and {@link Builder#numClasses} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which AlexNet this is. */
    public Variant variant() {
        return variant;
    }

    /** The number of input channels the network was built for. */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The layer table of a fresh {@code variant} network for 3-channel {@code imageSize}² input
     * (what a recipe's {@code --summary} prints).
     */
    public static ModelSummary summary(Variant variant, int imageSize, int classes) {
        return summary(builder().variant(variant).numClasses(classes), imageSize);
    }

    /** The layer table of a fresh network built by {@code builder}, for {@code imageSize}² input. */
    public static ModelSummary summary(Builder builder, int imageSize) {
        AlexNet net = builder.build();
        net.setInitializer(Initializer.ZEROS, p -> true); // built only to be described: skip random init
        return ModelSummary.of(net, new Shape(1, net.inChannels, imageSize, imageSize), 2);
    }

    /**
     * Our parameters against the keys of {@code torchvision.models.alexnet()}'s state dict (e.g.
     * {@code 01features_01Conv2d_weight} is {@code features.0.weight}), one to one and in the state
     * dict's order: the three parts are torchvision's {@code features}, {@code avgpool} and {@code
     * classifier} layer for layer. The shapes match for 1000 classes and the default widths.
     *
     * @throws IllegalArgumentException if this is not the torchvision variant
     */
    @Override
    public StateDictMapping torchvisionMapping() {
        if (variant != Variant.TORCHVISION) {
            throw new IllegalArgumentException("only the torchvision variant has torchvision weights, got "
                    + variant.cliName());
        }
        return StateDictMapping.of("torchvision alexnet", this,
                Map.of(FEATURES, "features", POOL, "avgpool", HEAD, "classifier"));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInput(inputs.head().getShape());
        return super.forwardInternal(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes[0]);
        return super.getOutputShapes(inputShapes);
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        checkInput(inputShapes[0]);
        super.beforeInitialize(inputShapes);
    }

    /** Fails with one sentence when the input is not (N, inChannels, H, W) with H, W large enough. */
    private void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != inChannels) {
            throw new IllegalArgumentException("AlexNet expects (N, " + inChannels + ", H, W) input, got " + shape);
        }
        int min = variant.minInputSize();
        if (shape.get(2) < min || shape.get(3) < min) {
            throw new IllegalArgumentException("AlexNet (" + variant.cliName() + ") needs inputs of at least "
                    + min + "x" + min + " pixels, got " + shape.get(2) + "x" + shape.get(3));
        }
    }

    /** Builds an {@link AlexNet}; {@code opt*} settings have the paper's defaults. */
    public static final class Builder {
        private Variant variant;
        private int numClasses;
        private int inChannels = 3;
        private float widthMultiplier = PAPER_SIZE.widthMultiplier();
        private int classifierWidth = PAPER_SIZE.classifierWidth();
        private int poolSize = PAPER_SIZE.poolSize();
        private float dropout = PAPER_SIZE.dropout();
        private Boolean channelsLast; // null: the variant's

        private Builder() {}

        /** Which AlexNet (required). */
        public Builder variant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /** Outputs of the last layer (required, >= 1). */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Input channels (default 3; 1 for Fashion-MNIST). */
        public Builder optInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Scales every convolution's filter count, in (0, 1] (default 1), for networks that train on
         * a CPU; counts are rounded to whole towers so grouped convolutions stay valid.
         */
        public Builder optWidthMultiplier(float widthMultiplier) {
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /** Units of the two hidden fully connected layers (default 4096). */
        public Builder optClassifierWidth(int classifierWidth) {
            this.classifierWidth = classifierWidth;
            return this;
        }

        /** Height and width the adaptive average pool produces (default 6). */
        public Builder optPoolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Dropout probability before the two hidden fully connected layers, in [0, 1) (default 0.5). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** The four sizes at once (default {@link #PAPER_SIZE}). */
        public Builder optSize(ConvNetSize size) {
            return optWidthMultiplier(size.widthMultiplier()).optClassifierWidth(size.classifierWidth())
                    .optPoolSize(size.poolSize()).optDropout(size.dropout());
        }

        /**
         * Store the convolution weights channels-last ({@link dev.classicnets.common.nn.ChannelsLast}; default:
         * the variant's, on for {@link Variant#TORCHVISION} only).
         */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /**
         * Builds the network.
         *
         * @throws IllegalArgumentException naming the first setting that is missing or out of range
         */
        public AlexNet build() {
            if (variant == null) {
                throw new IllegalArgumentException("variant is required: one of paper|one-tower|torchvision");
            }
            Require.that(numClasses >= 1, "numClasses must be >= 1, got " + numClasses);
            Require.that(inChannels >= 1, "inChannels must be >= 1, got " + inChannels);
            ConvNetSize size = new ConvNetSize(widthMultiplier, classifierWidth, poolSize, dropout);

            // convolutions keep Conv2d's name (and torchvision's positions) but avoid oneDNN's faults
            NamedSequence features = NamedSequence.positional();
            for (Conv c : variant.layers) {
                features.add("Conv2d", new ChannelPaddedConv2d(Conv2d.builder()
                        .setKernelShape(new Shape(c.kernel(), c.kernel()))
                        .optStride(new Shape(c.stride(), c.stride()))
                        .optPadding(new Shape(c.padding(), c.padding()))
                        .optGroups(c.split() ? variant.towers : 1)
                        .setFilters(scaled(c.filters()))));
                features.add(Activation.reluBlock());
                if (c.after().contains(After.LRN)) {
                    features.add(LocalResponseNorm.alexNet());
                }
                if (c.after().contains(After.POOL)) {
                    features.add(MaxPool2d.block(3, 2)); // overlapping 3x3 windows, stride 2
                }
            }
            // C x H x W -> C x poolSize x poolSize -> C * poolSize^2 (9216 at full width), then fc6, fc7, fc8
            return initialised(new AlexNet(variant, inChannels,
                    channelsLast != null ? channelsLast : variant.channelsLast, features, size.pool(),
                    size.classifier(numClasses, ConvNetSize.DropoutPlacement.BEFORE_EACH_HIDDEN_LAYER)));
        }

        /**
         * Section 5 of the paper: every weight N(0, 0.01²); biases 1 in conv2, conv4, conv5 and the two
         * hidden fully connected layers (to speed up early learning "by providing the ReLUs with positive inputs"), 0 elsewhere.
         * A narrower network keeps the paper's gain per layer ({@link Initialization#normalKeepingGain}): the
         * std grows by 1/√(width multiplier) in conv2-5 and by √(4096 / classifier width) in the classifier.
         * torchvision's {@code alexnet()} sets none: PyTorch's layer defaults ({@link Initialization#torchDefault}).
         */
        private AlexNet initialised(AlexNet net) {
            if (net.variant == Variant.TORCHVISION) {
                Initialization.torchDefault(net);
                return net;
            }
            net.setInitializer(Initialization.byRank(Initialization.normalKeepingGain(0.01f, widthMultiplier),
                    Initialization.normalKeepingGain(0.01f, classifierWidth / 4096.0)), Parameter.Type.WEIGHT);
            List<Conv2d> convs = Initialization.layersOf(net.features(), Conv2d.class);
            List<Linear> fcs = Initialization.layersOf(net.head(), Linear.class);
            // the first convolution sees the image whatever the width: the paper's std
            convs.get(0).setInitializer(Initialization.normal(0.01f), Parameter.Type.WEIGHT);
            for (Block layer : List.of(convs.get(1), convs.get(3), convs.get(4), fcs.get(0), fcs.get(1))) {
                layer.setInitializer(Initialization.constant(1), Parameter.Type.BIAS);
            }
            return net;
        }

        /** Filters after the width multiplier, a whole number per tower (at least one each). */
        private int scaled(int filters) {
            int perTower = Math.max(1, Math.round(filters * widthMultiplier / variant.towers));
            return perTower * variant.towers;
        }

    }
}
