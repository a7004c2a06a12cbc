package dev.classicnets.resnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Residual networks: He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR
 * 2016 (arXiv:1512.03385), and their plain twins.
 *
 * <p>Two families, selected by depth (see {@link #DEPTHS}):
 *
 * <ul>
 *   <li>ImageNet (Table 1): depths 18, 34, 50, 101, 152; a 7x7/2 stem and 3x3/2 max pool, four
 *       stages of 64/128/256/512 (x4 for bottlenecks) channels, projection shortcuts (option B)
 *       where the shape changes. Parameter names and shapes map one-to-one onto torchvision's
 *       {@code resnet18()} ... {@code resnet152()} (see {@link #torchvisionMapping}). Trainable
 *       parameters with 1000 classes: 11,689,512 (18), 21,797,672 (34), 25,557,032 (50),
 *       44,549,160 (101), 60,192,808 (152); plain-18 11,515,688 and plain-34 21,623,848
 *       (Figure 3: the same layers without shortcuts).
 *   <li>CIFAR-10 (section 4.2): depths 6n+2 = 20, 32, 44, 56, 110; a 3x3 stem, three stages of
 *       16/32/64 channels with n basic blocks each, parameter-free option A shortcuts. Trainable
 *       parameters with 3 input channels and 10 classes: 269,722 (20), 464,154 (32), 658,586 (44),
 *       853,018 (56), 1,727,962 (110); the plain twins have the same counts.
 * </ul>
 *
 * <p>Both work at any input size: every stage is followed by global average pooling. The
 * ImageNet networks are meant for 224x224 but run at 32x32; the CIFAR ones expect 32x32 (or
 * 28x28, Fashion-MNIST). Both start as torchvision's {@code resnet}: convolutions He-normal over the
 * fan-out, batch norm gamma 1 and beta 0, the classifier PyTorch's {@code Linear} default.
 *
 * <pre>{@code
 * ResNet net = ResNet.builder().depth(56).numClasses(10).optInChannels(1).build();
 * }</pre>
 */
public class ResNet extends ClassifierBlock implements TorchvisionCounterpart {

    /** Which residual block a network stacks. */
    public enum BlockType { BASIC, BOTTLENECK }

    /**
     * One network as the paper's tables give it: the block, the number of blocks per stage and
     * the stages' widths (the inner width of a bottleneck; its output is 4 times wider).
     */
    public record Config(BlockType block, int[] blocksPerStage, int[] widths, boolean cifar) {

        static Config imageNet(BlockType block, int... blocksPerStage) {
            return new Config(block, blocksPerStage, new int[] {64, 128, 256, 512}, false);
        }

        /** The CIFAR family: 3 stages of n basic blocks, 6n + 2 weighted layers. */
        static Config cifar(int n) {
            return new Config(BlockType.BASIC, new int[] {n, n, n}, new int[] {16, 32, 64}, true);
        }

        /** Weighted layers: stem, two or three convolutions per block, and the classifier. */
        public int depth() {
            int perBlock = block == BlockType.BASIC ? 2 : 3;
            int blocks = 0;
            for (int n : blocksPerStage) {
                blocks += n;
            }
            return 2 + perBlock * blocks;
        }
    }

    /** Every supported depth and its configuration, in the order the paper lists them. */
    public static final Map<Integer, Config> DEPTHS = depths();

    private static Map<Integer, Config> depths() {
        Map<Integer, Config> m = new LinkedHashMap<>();
        m.put(18, Config.imageNet(BlockType.BASIC, 2, 2, 2, 2));
        m.put(34, Config.imageNet(BlockType.BASIC, 3, 4, 6, 3));
        m.put(50, Config.imageNet(BlockType.BOTTLENECK, 3, 4, 6, 3));
        m.put(101, Config.imageNet(BlockType.BOTTLENECK, 3, 4, 23, 3));
        m.put(152, Config.imageNet(BlockType.BOTTLENECK, 3, 8, 36, 3));
        m.put(20, Config.cifar(3));
        m.put(32, Config.cifar(5));
        m.put(44, Config.cifar(7));
        m.put(56, Config.cifar(9));
        m.put(110, Config.cifar(18));
        return Collections.unmodifiableMap(m);
    }

    private final int depth;
    private final boolean plain;
    private final int inChannels;

    private ResNet(Builder b, Config config) {
        super(ResNetFeatures.build(config, b), Pool.globalAvgPool2dBlock(), head(b.numClasses));
        this.depth = b.depth;
        this.plain = b.plain;
        this.inChannels = b.inChannels;
        setChannelsLast(b.channelsLast);
        initialise();
    }

    /**
     * He et al. 2015: every convolution N(0, 2 / fan-out), torchvision's {@code kaiming_normal_(mode="fan_out",
     * nonlinearity="relu")}; batch norm gamma 1 (0 in each block's last with {@code zeroInitResidual}) and beta
     * 0, DJL's defaults, left alone; the classifier as torchvision leaves it, PyTorch's {@code Linear}
     * default U(±1/√fan-in) for weight and bias.
     */
    private void initialise() {
        features().setInitializer(Initialization.heNormalFanOut(), Parameter.Type.WEIGHT);
        Initialization.torchDefault(head());
    }

    private static NamedSequence head(int numClasses) {
        return new NamedSequence().add("fc", Linear.builder().setUnits(numClasses).build());
    }

    /** A builder; {@link Builder#depth} and {@link Builder#numClasses} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The supported depths, e.g. for a command-line option's help text. */
    public static Set<Integer> supportedDepths() {
        return DEPTHS.keySet();
    }

    /** Weighted layers, as in the network's name. */
    public int depth() {
        return depth;
    }

    /** True for a network without shortcuts. */
    public boolean isPlain() {
        return plain;
    }

    /** Channels the network expects in its input. */
    public int inChannels() {
        return inChannels;
    }

    /** "ResNet-56", "plain-34". */
    public String name() {
        return (plain ? "plain-" : "ResNet-") + depth;
    }

    /**
     * Our parameters against the keys of torchvision's {@code resnet18()} ... {@code resnet152()}
     * state dict: the blocks carry torchvision's module names ({@code layer1.0.downsample.1}) and
     * torchvision keeps them at the top level, so our three parts add no key segment.
     *
     * @throws IllegalArgumentException for a network torchvision has no counterpart of (the CIFAR
     *     family, plain networks)
     */
    @Override
    public StateDictMapping torchvisionMapping() {
        if (plain || DEPTHS.get(depth).cifar()) {
            throw new IllegalArgumentException("torchvision has no counterpart of " + name()
                    + "; it has resnet18, resnet34, resnet50, resnet101 and resnet152");
        }
        return StateDictMapping.of("torchvision resnet" + depth, this, Map.of(FEATURES, "", POOL, "", HEAD, ""));
    }

    /**
     * The layer table for a {@code --summary} option: the stem and stages at {@code imageSize}
     * square input, then the total trainable parameters. Initialises the network if it is not.
     */
    public static ModelSummary summary(ResNet net, int imageSize) {
        return summary(net, imageSize, 2);
    }

    /** As {@link #summary(ResNet, int)}, expanding {@code depth} levels (2: stem layers and stages). */
    public static ModelSummary summary(ResNet net, int imageSize, int depth) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
        }
        return ModelSummary.of(net, new Shape(1, net.inChannels, imageSize, imageSize), depth);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInput(inputs.singletonOrThrow().getShape());
        return super.forwardInternal(ps, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        super.initializeChildBlocks(manager, dataType, inputShapes);
    }

    private void checkInput(Shape s) {
        if (s.dimension() != 4 || s.get(1) != inChannels || s.get(2) < 1 || s.get(3) < 1) {
            throw new IllegalArgumentException(
                    name() + " expects (N, " + inChannels + ", H, W) input, got " + s);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + inChannels + " input channels)";
    }

    /** Selects a network by depth; see {@link ResNet} for the families. */
    public static final class Builder {
        private int depth;
        private boolean plain;
        private int numClasses;
        private int inChannels = 3;
        private boolean strideOn1x1;
        private boolean zeroInitResidual;
        private boolean channelsLast = true;

        private Builder() {}

        /** One of {@link ResNet#supportedDepths()}: 18, 34, 50, 101, 152 (ImageNet) or 20, 32, 44, 56, 110 (CIFAR). */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /** True for the paper's plain network of the same depth (no shortcuts). Default false. */
        public Builder plain(boolean plain) {
            this.plain = plain;
            return this;
        }

        /** Outputs of the classifier, at least 1. */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Channels of the input image (default 3; 1 for Fashion-MNIST). */
        public Builder optInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Put a bottleneck's stride on its first 1x1 convolution, as the paper does, instead of on
         * the 3x3 as torchvision does (default false). Only ResNet-50/101/152 have bottlenecks.
         */
        public Builder optStrideOn1x1(boolean strideOn1x1) {
            this.strideOn1x1 = strideOn1x1;
            return this;
        }

        /**
         * Start the last batch-norm gamma of every residual block at 0, so that each block starts
         * as the identity (Goyal et al. 2017, "Accurate, Large Minibatch SGD"; torchvision's
         * {@code zero_init_residual}). Default false; not allowed for plain networks.
         */
        public Builder optZeroInitResidual(boolean zeroInitResidual) {
            this.zeroInitResidual = zeroInitResidual;
            return this;
        }

        /**
         * Store the convolution weights channels-last ({@link dev.classicnets.common.nn.ChannelsLast}; default
         * true: a ResNet-20 training step ran 1.25x and ResNet-18 at 224² 1.18x as fast).
         */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /**
         * Builds the network.
         *
         * @throws IllegalArgumentException naming the offending value and what is allowed
         */
        public ResNet build() {
            Config config = DEPTHS.get(depth);
            if (config == null) {
                throw new IllegalArgumentException("unsupported ResNet depth " + depth + "; supported: "
                        + DEPTHS.keySet() + " (ImageNet 18-152, CIFAR 6n+2 20-110)");
            }
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
            }
            if (inChannels < 1) {
                throw new IllegalArgumentException("inChannels must be >= 1, got " + inChannels);
            }
            if (plain && zeroInitResidual) {
                throw new IllegalArgumentException("zeroInitResidual needs shortcuts; a plain network"
                        + " would start with every block outputting zeros");
            }
            if (strideOn1x1 && config.block() != BlockType.BOTTLENECK) {
                throw new IllegalArgumentException("strideOn1x1 applies to bottleneck blocks (depths 50,"
                        + " 101, 152), not to depth " + depth);
            }
            return new ResNet(this, config);
        }

        boolean plain() {
            return plain;
        }

        boolean strideOn1x1() {
            return strideOn1x1;
        }

        boolean zeroInitResidual() {
            return zeroInitResidual;
        }
    }
}
