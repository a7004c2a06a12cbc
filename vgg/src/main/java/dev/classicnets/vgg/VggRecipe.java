package dev.classicnets.vgg;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.initializer.Initializer;
import dev.classicnets.common.Require;
import dev.classicnets.common.augment.CenterCrop;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import dev.classicnets.common.augment.RandomResizedCrop;
import dev.classicnets.common.augment.Resize;
import dev.classicnets.common.cli.Augmentation;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.ConvNetSizeOptions;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.ConvNetSize;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains VGG ({@link Vgg}) on Fashion-MNIST or MNIST with the paper's input pipeline at any size
 * (section 3.1): each training image rescaled to a side S drawn from [S_min, S_max] ("scale
 * jittering"), a random crop of the network's input side, a random mirror; evaluation on the central
 * crop of the image rescaled to Q = (S_min + S_max) / 2 (the paper evaluates densely at Q).
 * {@code --init-from} starts a deeper configuration from a trained configuration-A run, as the
 * paper did. {@code --summary} without {@code --preset} describes the {@code paper} preset's network,
 * whose count for {@code --classes 1000} is the published one.
 *
 * <pre>mvn -q -pl vgg -am test-compile exec:java -Dexec.args="--config A --batch-norm --epochs 5"</pre>
 */
@Command(name = "vgg", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train VGG (Simonyan and Zisserman 2014) on Fashion-MNIST or MNIST.")
public final class VggRecipe extends ClassifierRecipe<VggRecipe.Size> {

    /** The network's size beyond the configuration: what a preset sets besides the common settings. */
    record Size(ConvNetSize dims, boolean batchNorm) {}

    /**
     * The range of S, the side training images are rescaled to, as multiples of the crop's side; the
     * preset's pipeline: scale jittering and mirrors for training, the central crop at Q for evaluation.
     */
    private record Jittering(double minScale, double maxScale) {
        Augmentation augmentation() {
            return new Augmentation((side, data) -> new ScaleJittering(minSide(side), maxSide(side), side)
                    .andThen(new RandomHorizontalFlip(0.5)), (side, data) -> {
                        int q = (minSide(side) + maxSide(side)) / 2; // Q: 384 for the paper's 256-512
                        return new Resize(q, q).andThen(new CenterCrop(side, side));
                    });
        }

        int minSide(int side) {
            return (int) Math.round(side * minScale);
        }

        int maxSide(int side) {
            return (int) Math.round(side * maxScale);
        }
    }

    private static final Size PAPER_SIZE = new Size(Vgg.PAPER_SIZE, false);
    private static final Jittering PAPER_JITTERING = new Jittering(256.0 / 224, 512.0 / 224);
    // At 32 pixels the last feature map is 1x1; a 1x1 pool keeps fc6 from seeing 49 copies of it.
    private static final Size CPU_SIZE = new Size(new ConvNetSize(0.25f, 256, 1, 0.5f), true);
    // Milder than the paper's: Fashion-MNIST items fill their frame, ImageNet objects often do not.
    private static final Jittering CPU_JITTERING = new Jittering(1, 36.0 / 32);

    // The paper subtracts the mean pixel; the shared pipeline subtracts the training set's per-channel
    // mean and divides by its std, a constant rescale of the same inputs.
    // The paper divides the rate by 10 when validation accuracy stops improving (three times in 74
    // epochs) without saying after how long; 5 epochs without a gain is our reading.
    private static final Preset<Size> PAPER = Preset.builder("paper", PAPER_SIZE).epochs(74).batchSize(256)
            .optimizer("momentum", 0.01f).optWeightDecay(5e-4f).imageSize(224)
            .optSchedule("plateau:monitor=validate_accuracy,factor=0.1,patience=5")
            .optAugmentation(PAPER_JITTERING.augmentation()).optNote("section 3.1").build();

    private static final Preset<Size> CPU = Preset.builder("cpu", CPU_SIZE).epochs(24).batchSize(128)
            .optimizer("momentum", 0.01f).optWeightDecay(5e-4f).imageSize(32).optSchedule("cosine")
            .optAugmentation(CPU_JITTERING.augmentation()).build();

    @Option(names = "--config", paramLabel = "NAME", description = "Column of Table 1: A, A-LRN, B, C, D or E "
            + "(11 to 19 weight layers; default: ${DEFAULT-VALUE}).", defaultValue = "A")
    String config;

    @Option(names = "--batch-norm", negatable = true, description = "Batch normalisation after every convolution "
            + "(default: the preset's, cpu on, paper off).")
    Boolean batchNorm;

    @Mixin
    ConvNetSizeOptions sizeOptions;

    /** Holds the parameters of a network initialised before training; closed when the run ends. */
    private NDManager initialised;

    @Override
    public Integer call() throws IOException {
        try {
            return super.call();
        } finally {
            if (initialised != null) {
                initialised.close();
            }
        }
    }

    @Override
    protected String module() {
        return "vgg";
    }

    @Override
    protected List<Preset<Size>> presets() {
        return List.of(CPU, PAPER);
    }

    /**
     * The chosen preset; {@code --summary} without {@code --preset} describes the paper's network.
     * Refuses an unknown configuration, an input side below {@value Vgg#MIN_INPUT_SIZE} and sizes out
     * of range before any data is read.
     */
    @Override
    protected Preset<Size> preset() {
        parsedConfig();
        boolean paperSummary = options.summary && !spec.commandLine().getParseResult().hasMatchedOption("--preset");
        Preset<Size> preset = paperSummary ? resolve(PAPER) : super.preset();
        Require.that(preset.imageSize() >= Vgg.MIN_INPUT_SIZE, "--image-size " + preset.imageSize() + " is too small for "
                + "VGG: it needs at least " + Vgg.MIN_INPUT_SIZE + " pixels (five 2x2 max pools)");
        sizeOptions.check();
        return preset;
    }


    @Override
    protected Block network(int channels, int imageSize, int classes) {
        Size size = size();
        Vgg net = builder(parsedConfig(), size).numClasses(classes).optInChannels(channels).build();
        if (options.summary) {
            net.setInitializer(Initializer.ZEROS, p -> true); // built only to be described: skip random init
        }
        return net;
    }

    /**
     * {@code --init-from}: a configuration-A run into a deeper configuration is the paper's trick (section
     * 3.1: A's first four convolutions and three fully connected layers, the rest random); anything else
     * starts from the weights as every recipe does.
     */
    @Override
    protected Block initialiseFrom(Path from, int channels, int size, int classes) throws IOException {
        if (parsedConfig() != Vgg.Config.A && Files.isDirectory(from)
                && "A".equals(readRunConfig(from).get("config"))) {
            Vgg net = builder(parsedConfig(), size()).numClasses(classes).optInChannels(channels).build();
            initialiseFromConfigA(net, from, new Shape(1, channels, size, size));
            return net;
        }
        return super.initialiseFrom(from, channels, size, classes);
    }

    @Override
    protected Architecture architecture() {
        Size size = size();
        return parsedConfig().torchvisionName(size.batchNorm())
                .map(name -> new Architecture(name, size.dims().asOptions())).orElse(null);
    }

    private static Vgg.Builder builder(Vgg.Config config, Size size) {
        return Vgg.builder().config(config).optBatchNorm(size.batchNorm()).optSize(size.dims());
    }

    /**
     * Initialises {@code net} (all of it, from the run's seed), then copies the trained A's layers into
     * it. DJL's {@code Parameter.initialize} leaves initialised parameters alone, so the trainer's
     * initialisation keeps the copies; they live in {@link #initialised} until the run ends.
     */
    private void initialiseFromConfigA(Vgg net, Path initFrom, Shape inputShape) {
        Map<String, Object> runConfig = readRunConfig(initFrom);
        String runNetwork = String.valueOf(runConfig.get("network"));
        if (!"vgg".equals(runConfig.get("module")) || !"A".equals(runConfig.get("config"))) {
            throw new IllegalArgumentException("--init-from needs a run of VGG configuration A, but "
                    + initFrom.resolve(RunDirectory.CONFIG) + " describes " + runNetwork);
        }
        Size aSize;
        try {
            aSize = new Size(ConvNetSize.fromConfig(runConfig), Boolean.TRUE.equals(runConfig.get("batch_norm")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(initFrom.resolve(RunDirectory.CONFIG) + ": " + e.getMessage(), e);
        }
        Engine.getInstance().setRandomSeed((int) options.seed);
        initialised = NDManager.newBaseManager();
        net.initialize(initialised, DataType.FLOAT32, inputShape);
        try (Model trained = Model.newInstance(runNetwork)) {
            // the class count and input channels come from the file: Parameter.load takes its shapes
            trained.setBlock(builder(Vgg.Config.A, aSize).numClasses(1).build());
            trained.load(initFrom, runNetwork);
            VggTransfer.Result result = VggTransfer.initFromShallower(trained.getBlock(), net);
            if (result.copied().isEmpty()) {
                throw new IllegalArgumentException("--init-from " + initFrom + ": no layer of its VGG A has the shape "
                        + "of this network's (" + String.join("; ", result.skipped()) + ")");
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "initialised from %s: %d tensors copied (%,d values)%s%n",
                    initFrom, result.copied().size(), result.copied().stream().mapToLong(c -> c.shape().size()).sum(),
                    result.skipped().isEmpty() ? "" : "; left random: " + String.join("; ", result.skipped()));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("--init-from " + initFrom + ": cannot load " + runNetwork
                    + " parameters: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> readRunConfig(Path runDirectory) {
        Path file = runDirectory.resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--init-from " + runDirectory + " is not a run directory: it has no "
                    + RunDirectory.CONFIG);
        }
        return RunDirectory.readJson(file);
    }

    @Override
    protected String networkName() {
        Size size = size();
        return "vgg-" + parsedConfig().cliName().toLowerCase(Locale.ROOT) + (size.batchNorm() ? "-bn" : "");
    }

    @Override
    protected Map<String, Object> recipeConfig() {
        Size size = size();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("config", parsedConfig().cliName());
        config.put("batch_norm", size.batchNorm());
        config.putAll(size.dims().asConfig());
        return config;
    }

    /** The published counts are for RGB input. */
    @Override
    protected int summaryChannels() {
        return 3;
    }

    private Vgg.Config parsedConfig() {
        return Vgg.Config.fromCliName(config);
    }

    /** The preset's network size with the options given. */
    private Size size() {
        Size base = preset().network();
        return new Size(sizeOptions.over(base.dims()), batchNorm != null ? batchNorm : base.batchNorm());
    }

    public static void main(String[] args) {
        Recipes.main(new VggRecipe(), args);
    }
}
