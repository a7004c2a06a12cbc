package dev.classicnets.vgg;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.ConvNetSize;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * VGG: K. Simonyan, A. Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", ICLR 2015 (arXiv:1409.1556): the six columns of its Table 1 ({@link Config}),
 * each with or without batch normalisation after every convolution (as torchvision's
 * {@code vgg*_bn}).
 *
 * <p>Five stages of 3×3 (and, in C, 1×1) stride-1 "same" convolutions with ReLU, each stage ending
 * in a 2×2 stride-2 max pool; an adaptive average pool to 7×7; then three fully connected layers
 * (4096, 4096, classes) with dropout after the first two. Trainable parameters for 1000 classes and
 * 3-channel input: A 132,863,336 · A-LRN 132,863,336 · B 133,047,848 · C 133,638,952 · D
 * 138,357,544 · E 143,667,240; with batch norm A 132,868,840 · B 133,053,736 · D 138,365,992 · E
 * 143,678,248. A, B, D and E are torchvision's {@code vgg11}, {@code vgg13}, {@code vgg16}, {@code
 * vgg19} (and {@code _bn}), with the same parameter order ({@link #torchvisionMapping}). Inputs must be
 * at least {@value #MIN_INPUT_SIZE} pixels square; the adaptive pool takes any larger size. Initialised
 * N(0, 0.01²) as the paper, with batch norm as torchvision's {@code vgg*_bn} ({@link Builder#build}).
 *
 * <pre>{@code
 * Vgg net = Vgg.builder().config(Vgg.Config.D).numClasses(10)
 *         .optBatchNorm(true).optWidthMultiplier(0.25f).optClassifierWidth(512).build();
 * }</pre>
 */
public final class Vgg extends ClassifierBlock implements TorchvisionCounterpart {

    /**
     * The six columns of Table 1 in the paper's notation ({@code conv<kernel>-<channels>}, {@code
     * LRN}), one string per stage; every stage ends in a 2×2 stride-2 max pool. Stage sizes for a
     * 224×224 input: 224, 112, 56, 28, 14 (7 after the last pool).
     */
    public enum Config {
        A("A", "vgg11",
                "conv3-64", "conv3-128", "conv3-256 conv3-256", "conv3-512 conv3-512", "conv3-512 conv3-512"),
        A_LRN("A-LRN", null,
                "conv3-64 LRN", "conv3-128", "conv3-256 conv3-256", "conv3-512 conv3-512", "conv3-512 conv3-512"),
        B("B", "vgg13",
                "conv3-64 conv3-64", "conv3-128 conv3-128", "conv3-256 conv3-256", "conv3-512 conv3-512",
                "conv3-512 conv3-512"),
        C("C", null,
                "conv3-64 conv3-64", "conv3-128 conv3-128", "conv3-256 conv3-256 conv1-256",
                "conv3-512 conv3-512 conv1-512", "conv3-512 conv3-512 conv1-512"),
        D("D", "vgg16",
                "conv3-64 conv3-64", "conv3-128 conv3-128", "conv3-256 conv3-256 conv3-256",
                "conv3-512 conv3-512 conv3-512", "conv3-512 conv3-512 conv3-512"),
        E("E", "vgg19",
                "conv3-64 conv3-64", "conv3-128 conv3-128", "conv3-256 conv3-256 conv3-256 conv3-256",
                "conv3-512 conv3-512 conv3-512 conv3-512", "conv3-512 conv3-512 conv3-512 conv3-512");

        private final String cliName;
        private final String torchvision;
        private final List<List<VggFeatures.Layer>> stages;

        Config(String cliName, String torchvision, String... stages) {
            this.cliName = cliName;
            this.torchvision = torchvision;
            this.stages = Arrays.stream(stages)
                    .map(stage -> Arrays.stream(stage.split(" ")).map(VggFeatures.Layer::parse).toList())
                    .toList();
        }

        /** The paper's name of the column: A, A-LRN, B, C, D or E. */
        public String cliName() {
            return cliName;
        }

        /** The column named {@code name} (A, A-LRN, B, C, D, E; any case, {@code _} for {@code -}). */
        public static Config fromCliName(String name) {
            String wanted = name.trim().toUpperCase(Locale.ROOT).replace('_', '-');
            for (Config c : values()) {
                if (c.cliName.equals(wanted)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown VGG configuration '" + name + "', expected one of " + cliNames());
        }

        static String cliNames() {
            return Arrays.stream(values()).map(Config::cliName).collect(Collectors.joining("|"));
        }

        /** Weight layers, as the paper counts them (11 for A ... 19 for E): convolutions plus three FC. */
        public int weightLayers() {
            return (int) stages.stream().flatMap(List::stream).filter(l -> !l.isLrn()).count() + 3;
        }

        /** torchvision's function for this column ({@code vgg16}, {@code vgg16_bn}, ...), if it has one. */
        public Optional<String> torchvisionName(boolean batchNorm) {
            return Optional.ofNullable(torchvision).map(n -> batchNorm ? n + "_bn" : n);
        }

        List<List<VggFeatures.Layer>> stages() {
            return stages;
        }
    }

    /** Five 2×2 stride-2 max pools: a 32×32 input leaves a 1×1 map. */
    public static final int MIN_INPUT_SIZE = 32;

    /** The paper's size beyond Table 1: full width, 4096-unit fc6 and fc7, a 7x7 pool, dropout 0.5. */
    public static final ConvNetSize PAPER_SIZE = new ConvNetSize(1f, 4096, 7, 0.5f);

    /**
     * Where a convolution sits: its stage (0-4, between max pools), its position within the stage,
     * and its index among the children of {@link #features()} (and its batch norm's, or -1).
     */
    record ConvSlot(int stage, int position, int convChild, int batchNormChild) {}

    private final Config config;
    private final boolean batchNorm;
    private final int inChannels;
    private final List<ConvSlot> convSlots;

    private Vgg(Builder b, List<ConvSlot> convSlots, Block features, Block pool, Block head) {
        super(features, pool, head);
        this.config = b.config;
        this.batchNorm = b.batchNorm;
        this.inChannels = b.inChannels;
        this.convSlots = List.copyOf(convSlots);
        setChannelsLast(b.channelsLast);
    }

    /** A builder; {@link Builder#config} and {@link Builder#numClasses} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Which column of Table 1 this is. */
    public Config config() {
        return config;
    }

    /** Whether every convolution is followed by batch normalisation. */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** The number of input channels the network was built for. */
    public int inChannels() {
        return inChannels;
    }

    List<ConvSlot> convSlots() {
        return convSlots;
    }

    /**
     * The layer table of a fresh network for 3-channel {@code imageSize}² input (what a recipe's
     * {@code --summary} prints).
     */
    public static ModelSummary summary(Config config, boolean batchNorm, int imageSize, int classes) {
        return summary(builder().config(config).optBatchNorm(batchNorm).numClasses(classes), imageSize);
    }

    /** The layer table of a fresh network built by {@code builder}, for {@code imageSize}² input. */
    public static ModelSummary summary(Builder builder, int imageSize) {
        Vgg net = builder.build();
        net.setInitializer(Initializer.ZEROS, p -> true); // built only to be described: skip random init
        return ModelSummary.of(net, new Shape(1, net.inChannels, imageSize, imageSize), 2);
    }

    /**
     * Our parameters against the keys of the state dict of torchvision's {@link
     * Config#torchvisionName matching model} (e.g. {@code 01features_02BatchNorm_runningMean} is
     * {@code features.1.running_mean}), one to one and in the state dict's order: the three parts
     * are torchvision's {@code features}, {@code avgpool} and {@code classifier} layer for layer.
     * The shapes match for 1000 classes and the default widths.
     *
     * @throws IllegalArgumentException for A-LRN and C, which torchvision does not have
     */
    @Override
    public StateDictMapping torchvisionMapping() {
        String name = config.torchvisionName(batchNorm).orElseThrow(() -> new IllegalArgumentException(
                "torchvision has no VGG " + config.cliName() + "; only A, B, D and E map onto vgg11, vgg13, vgg16"
                        + " and vgg19"));
        return StateDictMapping.of("torchvision " + name, this,
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

    /** Fails with one sentence when the input is not (N, inChannels, H, W) with H, W >= 32. */
    private void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != inChannels) {
            throw new IllegalArgumentException("VGG expects (N, " + inChannels + ", H, W) input, got " + shape);
        }
        if (shape.get(2) < MIN_INPUT_SIZE || shape.get(3) < MIN_INPUT_SIZE) {
            throw new IllegalArgumentException("VGG needs inputs of at least " + MIN_INPUT_SIZE + "x"
                    + MIN_INPUT_SIZE + " pixels, got " + shape.get(2) + "x" + shape.get(3));
        }
    }

    /** Builds a {@link Vgg}; {@code opt*} settings default to the paper's network. */
    public static final class Builder {
        private Config config;
        private int numClasses;
        private boolean batchNorm;
        private int inChannels = 3;
        private float widthMultiplier = PAPER_SIZE.widthMultiplier();
        private int classifierWidth = PAPER_SIZE.classifierWidth();
        private int poolSize = PAPER_SIZE.poolSize();
        private float dropout = PAPER_SIZE.dropout();
        private boolean channelsLast = true;

        private Builder() {}

        /** Which column of Table 1 (required). */
        public Builder config(Config config) {
            this.config = config;
            return this;
        }

        /** Outputs of the last layer (required, >= 1). */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Batch normalisation between every convolution and its ReLU (default false, as the paper). */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** Input channels (default 3; 1 for Fashion-MNIST). */
        public Builder optInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /** Scales every convolution's channels, in (0, 1] (default 1), e.g. 0.25 to train on a CPU. */
        public Builder optWidthMultiplier(float widthMultiplier) {
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /** Units of the two hidden fully connected layers (default 4096). */
        public Builder optClassifierWidth(int classifierWidth) {
            this.classifierWidth = classifierWidth;
            return this;
        }

        /** Height and width the adaptive average pool produces (default 7, as torchvision). */
        public Builder optPoolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Dropout probability after the two hidden fully connected layers, in [0, 1) (default 0.5). */
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
         * Store the convolution weights channels-last ({@link dev.classicnets.common.nn.ChannelsLast}; default
         * true: a VGG-A training step ran 1.08-1.09x as fast).
         */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /**
         * Builds the network by walking the configuration's table.
         *
         * @throws IllegalArgumentException naming the first setting that is missing or out of range
         */
        public Vgg build() {
            if (config == null) {
                throw new IllegalArgumentException("config is required: one of " + Config.cliNames());
            }
            Require.that(numClasses >= 1, "numClasses must be >= 1, got " + numClasses);
            Require.that(inChannels >= 1, "inChannels must be >= 1, got " + inChannels);
            ConvNetSize size = new ConvNetSize(widthMultiplier, classifierWidth, poolSize, dropout);

            List<ConvSlot> slots = new ArrayList<>();
            NamedSequence features = VggFeatures.build(config, batchNorm, widthMultiplier, slots);
            // C x H/32 x W/32 -> C x poolSize x poolSize -> C * poolSize^2 (25088 at full width), then fc6-fc8
            return initialised(new Vgg(this, slots, features, size.pool(),
                    size.classifier(numClasses, ConvNetSize.DropoutPlacement.AFTER_EACH_HIDDEN_LAYER)));
        }

        /**
         * Without batch norm, the paper's (section 3.1): every weight N(0, 0.01²), biases 0. The paper writes
         * "10^-2 variance"; std 0.01 is how torchvision's linear layers read it, and std 0.1 would multiply
         * the activations' variance by 23 in every 3×3 layer over 512 channels (fan-in × σ² / 2). The
         * paper trained A from it and started deeper columns from A ({@code VggTransfer}). With batch norm,
         * torchvision's {@code vgg*_bn} (not in the paper): convolutions He-normal over the fan-out, linear
         * layers N(0, 0.01²), biases 0, gamma 1, beta 0. A narrower network keeps the paper's gain per
         * layer ({@link Initialization#normalKeepingGain}): the std grows by √(4096 / classifier width) in
         * the linear layers and by 1/√(width multiplier) in the convolutions after the first.
         */
        private Vgg initialised(Vgg net) {
            Initializer linear = Initialization.normalKeepingGain(0.01f, classifierWidth / 4096.0);
            Initializer convolutions = batchNorm
                    ? Initialization.heNormalFanOut()
                    : Initialization.normalKeepingGain(0.01f, widthMultiplier);
            net.setInitializer(Initialization.byRank(convolutions, linear), Parameter.Type.WEIGHT);
            if (!batchNorm) { // the first convolution sees the image whatever the width: the paper's std
                Initialization.layersOf(net.features(), Conv2d.class).get(0)
                        .setInitializer(Initialization.normal(0.01f), Parameter.Type.WEIGHT);
            }
            return net;
        }

    }
}
