package dev.classicnets.googlenet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.Initialization;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.NamedSequence;
import dev.classicnets.common.transfer.StateDictMapping;
import dev.classicnets.common.transfer.TorchvisionCounterpart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * GoogLeNet: Szegedy et al., "Going deeper with convolutions", CVPR 2015 (arXiv:1409.4842),
 * Table 1; torchvision's {@code googlenet()} as {@link Variant#TORCHVISION}.
 *
 * <p>The trunk ({@link #features()}) is the stem and the nine inception modules of {@link
 * #INCEPTION_ROWS}; {@link #pool()} is a global average pool (7x7 at 224x224 input); the head is
 * dropout and one fully connected layer. Optional auxiliary classifiers on 4a and 4d ({@link
 * AuxiliaryHeads}) make the block return {@code NDList(main, aux1, aux2)} in training mode, to be
 * weighted by {@link AuxiliaryLoss}; at inference it returns the main logits only.
 *
 * <p>Trainable parameters with 1000 classes: {@link Variant#PAPER} 6,998,552 (13,378,280 with
 * the auxiliary heads); {@link Variant#TORCHVISION} 6,624,904 (13,004,888), named one-to-one as
 * torchvision's state dict ({@link #torchvisionMapping}); its pretrained weights expect {@link
 * Builder#optTransformInput transform_input}. The {@link Inception#NAIVE naive} form shows what the
 * 1x1 reductions save ({@link InceptionCost}).
 *
 * <p>Any input of at least {@link #minimumInputSize} pixels a side works: 31 for the paper
 * variant, 47 with its auxiliary heads (their 5x5 pool needs a 3x3 map), 15 for torchvision's.
 * Initialised as torchvision's (truncated normal) or, for the paper, as Caffe's reference model.
 *
 * <pre>{@code
 * GoogLeNet net = GoogLeNet.builder().variant(Variant.PAPER).inception(Inception.REDUCED)
 *         .aux(true).numClasses(10).optInChannels(1).build();
 * }</pre>
 */
public class GoogLeNet extends ClassifierBlock implements TorchvisionCounterpart {

    /**
     * Table 1's inception modules, {@code (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj)}.
     * A stride-2 max pool comes before 4a and before 5a. Output at 224x224 input (reduced form).
     */
    public static final List<InceptionRow> INCEPTION_ROWS = List.of(
            //              #1x1 #3x3r #3x3 #5x5r #5x5 pool
            new InceptionRow("3a", 64, 96, 128, 16, 32, 32), //     28x28x256
            new InceptionRow("3b", 128, 128, 192, 32, 96, 64), //   28x28x480
            new InceptionRow("4a", 192, 96, 208, 16, 48, 64), //    14x14x512
            new InceptionRow("4b", 160, 112, 224, 24, 64, 64), //   14x14x512
            new InceptionRow("4c", 128, 128, 256, 24, 64, 64), //   14x14x512
            new InceptionRow("4d", 112, 144, 288, 32, 64, 64), //   14x14x528
            new InceptionRow("4e", 256, 160, 320, 32, 128, 128), // 14x14x832
            new InceptionRow("5a", 256, 160, 320, 32, 128, 128), //   7x7x832
            new InceptionRow("5b", 384, 192, 384, 48, 128, 128)); //  7x7x1024

    /** The modules whose outputs feed the auxiliary classifiers. */
    public static final List<String> AUX_TAPS = List.of("4a", "4d");

    /** The name of the auxiliary heads' part, after {@link #FEATURES}, {@link #POOL} and {@link #HEAD}. */
    public static final String AUXILIARY = "auxiliary";

    private final Variant variant;
    private final Inception form;
    private final int inChannels;
    private final List<Block> auxTaps;
    private final AuxiliaryHeads auxiliary; // null without auxiliary heads

    private GoogLeNet(Builder b, GoogLeNetFeatures.Trunk trunk) {
        super(trunk.features(), Pool.globalAvgPool2dBlock(), head(b.variant, b.numClasses));
        this.variant = b.variant;
        this.form = b.form;
        this.inChannels = b.inChannels;
        this.auxTaps = trunk.auxTaps();
        this.auxiliary = b.aux ? addChildBlock(AUXILIARY, new AuxiliaryHeads(b.variant, b.numClasses)) : null;
        setChannelsLast(b.channelsLast);
        initialise();
    }

    /**
     * torchvision's {@code googlenet()}: every convolution and linear weight N(0, 0.01²) truncated at ±2σ
     * (the intent of its original {@code truncnorm(-2, 2, scale=0.01)}; today's {@code trunc_normal_(std=0.01,
     * a=-2, b=2)} takes the bounds as absolute values, so it no longer truncates), batch norm gamma 1, beta 0,
     * the classifiers' biases PyTorch's {@code Linear} default U(±1/√fan-in). The paper gives no
     * initialisation; the paper variant takes its Caffe reference model's ({@code bvlc_googlenet}, the source
     * of the {@code paper} preset's solver): weights Caffe's {@code xavier} U(±√(3 / fan-in)), biases 0.2,
     * except the classifiers' (the main one and each auxiliary head's last), 0.
     */
    private void initialise() {
        if (variant == Variant.TORCHVISION) {
            Initialization.torchDefault(this);
            setInitializer(Initialization.truncatedNormal(0.01f), Parameter.Type.WEIGHT);
            return;
        }
        setInitializer(Initialization.caffeXavier(), Parameter.Type.WEIGHT);
        setInitializer(Initialization.constant(0.2f), Parameter.Type.BIAS);
        List<Linear> classifiers = new ArrayList<>(Initialization.layersOf(head(), Linear.class));
        if (auxiliary != null) {
            for (Block aux : auxiliary.getChildren().values()) {
                List<Linear> layers = Initialization.layersOf(aux, Linear.class);
                classifiers.add(layers.get(layers.size() - 1)); // fc2; fc1 keeps 0.2, as loss1/fc in Caffe
            }
        }
        classifiers.forEach(fc -> fc.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS));
    }

    private static NamedSequence head(Variant variant, int numClasses) {
        return new NamedSequence()
                .add("dropout", Dropout.builder().optRate(variant.dropout()).build())
                .add("fc", Linear.builder().setUnits(numClasses).build());
    }

    /** A builder; {@link Builder#numClasses} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The variant this network was built as. */
    public Variant variant() {
        return variant;
    }

    /** Naive or reduced inception modules. */
    public Inception inception() {
        return form;
    }

    /** True if the network has auxiliary classifiers (and returns three outputs in training). */
    public boolean hasAuxiliaryHeads() {
        return auxiliary != null;
    }

    /** The auxiliary classifiers, or {@code null}. */
    public AuxiliaryHeads auxiliaryHeads() {
        return auxiliary;
    }

    /** Channels the network expects in its input. */
    public int inChannels() {
        return inChannels;
    }

    /**
     * Our parameters against torchvision's {@code googlenet(aux_logits=...)} state dict, with or
     * without the auxiliary heads as this network has them.
     *
     * @throws IllegalArgumentException unless this is the torchvision variant with reduced modules
     */
    @Override
    public StateDictMapping torchvisionMapping() {
        return TorchvisionNames.of(this);
    }

    /** The smallest square input side this network accepts. */
    public int minimumInputSize() {
        return minimumInputSize(variant, auxiliary != null);
    }

    /**
     * The smallest input side for which every pooling window of the network has a valid position:
     * the four stride-2 max pools (three of kernel 3, then one of kernel 3 or 2) need at least 2
     * (or 1) pixels, the paper's auxiliary 5x5/3 average pool needs 3.
     */
    public static int minimumInputSize(Variant variant, boolean aux) {
        return GoogLeNetFeatures.minimumInputSize(variant, aux);
    }

    /**
     * The layer table for a {@code --summary} option at {@code imageSize} square input: the stem
     * layers and inception modules, the head, then the total trainable parameters. Initialises the
     * network if it is not.
     */
    public static ModelSummary summary(GoogLeNet net, int imageSize) {
        return summary(net, imageSize, 2);
    }

    /** As {@link #summary(GoogLeNet, int)}, expanding {@code depth} levels of nesting. */
    public static ModelSummary summary(GoogLeNet net, int imageSize, int depth) {
        Shape input = new Shape(1, net.inChannels, imageSize, imageSize);
        net.checkInput(input);
        return ModelSummary.of(net, input, depth);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInput(inputs.singletonOrThrow().getShape());
        if (!training || auxiliary == null) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        NDList x = inputs;
        NDList taps = new NDList(auxTaps.size());
        for (Pair<String, Block> layer : features().getChildren()) {
            x = layer.getValue().forward(ps, x, featuresTraining(true), params);
            if (auxTaps.contains(layer.getValue())) {
                taps.add(x.singletonOrThrow());
            }
        }
        NDList main = head().forward(ps, pool().forward(ps, x, true, params), true, params);
        NDList aux = auxiliary.forward(ps, taps, true, params);
        return new NDList(main.singletonOrThrow(), aux.get(0), aux.get(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        Shape[] s = inputShapes;
        for (Block part : List.of(features(), pool(), head())) {
            part.initialize(manager, dataType, s);
            s = part.getOutputShapes(s);
        }
        if (auxiliary != null) {
            auxiliary.initialize(manager, dataType, tapShapes(inputShapes));
        }
    }

    /** The shapes of the auxiliary heads' inputs. */
    private Shape[] tapShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        Shape[] taps = new Shape[auxTaps.size()];
        int found = 0;
        for (Pair<String, Block> layer : features().getChildren()) {
            s = layer.getValue().getOutputShapes(s);
            if (auxTaps.contains(layer.getValue())) {
                taps[found++] = s[0];
            }
        }
        return taps;
    }

    /**
     * Replaces the main head in place (the auxiliary heads, if any, keep their classes: for
     * fine-tuning, build without them).
     */
    @Override
    public void replaceHead(Block newHead) {
        Objects.requireNonNull(newHead, "newHead");
        // ClassifierBlock's version re-appends the head last, behind our auxiliary heads
        String key = children.keyAt(2);
        children.remove(2);
        children.add(2, key, newHead);
    }

    /**
     * Replaces the main head's classifier and, when the network has them, both auxiliary heads' for
     * {@code numClasses} classes, under the same names (see {@link ClassifierBlock#replaceHead(int)}).
     */
    @Override
    public void replaceHead(int numClasses) {
        super.replaceHead(numClasses);
        if (auxiliary != null) {
            auxiliary.replaceClassifiers(numClasses);
        }
    }

    private void checkInput(Shape s) {
        int min = minimumInputSize();
        if (s.dimension() != 4 || s.get(1) != inChannels || s.get(2) < min || s.get(3) < min) {
            throw new IllegalArgumentException(this + " expects (N, " + inChannels + ", H, W) input with H, W >= "
                    + min + ", got " + s);
        }
    }

    @Override
    public String toString() {
        return "GoogLeNet(" + variant.name().toLowerCase(Locale.ROOT) + ", "
                + form.name().toLowerCase(Locale.ROOT) + (auxiliary != null ? ", aux" : "") + ")";
    }

    /** Configures a GoogLeNet; defaults: paper variant, reduced inception, no auxiliary heads, 3 channels. */
    public static final class Builder {
        private Variant variant = Variant.PAPER;
        private Inception form = Inception.REDUCED;
        private boolean aux;
        private int numClasses;
        private int inChannels = 3;
        private boolean transformInput;
        private boolean channelsLast = true;

        private Builder() {}

        /** {@link Variant#PAPER} (default) or {@link Variant#TORCHVISION}. */
        public Builder variant(Variant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
            return this;
        }

        /** {@link Inception#REDUCED} (default, the paper's network) or {@link Inception#NAIVE}. */
        public Builder inception(Inception form) {
            this.form = Objects.requireNonNull(form, "inception");
            return this;
        }

        /** Adds the two auxiliary classifiers (default false). */
        public Builder aux(boolean aux) {
            this.aux = aux;
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
         * Rescales 3-channel input normalised with ImageNet's mean and std to {@code (x - 0.5) /
         * 0.5}, as torchvision's {@code transform_input=True}, which {@code googlenet(weights=...)}
         * switches on because its ImageNet weights expect it (default false).
         */
        public Builder optTransformInput(boolean transformInput) {
            this.transformInput = transformInput;
            return this;
        }

        /**
         * Store the convolution weights channels-last ({@link dev.classicnets.common.nn.ChannelsLast}; default
         * true: a training step ran 1.30x as fast at 224² and 1.18x at 32²).
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
        public GoogLeNet build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
            }
            if (inChannels < 1) {
                throw new IllegalArgumentException("inChannels must be >= 1, got " + inChannels);
            }
            if (transformInput && inChannels != 3) {
                throw new IllegalArgumentException("transformInput rescales the 3 ImageNet channels; inChannels is "
                        + inChannels);
            }
            return new GoogLeNet(this, GoogLeNetFeatures.build(variant, form, transformInput));
        }
    }
}
