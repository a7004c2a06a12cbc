package dev.classicnets.resnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.augment.CenterCrop;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.PadAndRandomCrop;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import dev.classicnets.common.augment.RandomResizedCrop;
import dev.classicnets.common.augment.Resize;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.MultiplyAdds;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a residual network or its plain twin on Fashion-MNIST (or MNIST); {@code --experiment
 * degradation} compares plain and residual networks of 20 and 56 layers as the paper's Figure 6 does.
 *
 * <pre>mvn -q -pl resnet -am test-compile exec:java -Dexec.args="--depth 56 --plain --epochs 5"</pre>
 */
@Command(name = "resnet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train ResNet (He et al. 2015) or a plain network on Fashion-MNIST or MNIST.")
public final class ResNetRecipe extends ClassifierRecipe {

    /** The experiment's networks: (depth, plain), in the order they train. */
    static final List<Object[]> DEGRADATION_NETWORKS = List.of(
            new Object[] {20, true}, new Object[] {56, true}, new Object[] {20, false}, new Object[] {56, false});
    /** The experiment's default budget, small enough for a 2-core machine. */
    static final int DEGRADATION_IMAGES = 10_000;
    static final int DEGRADATION_EPOCHS = 6;

    @Option(names = "--depth", paramLabel = "N", description = "18, 34, 50, 101, 152 (ImageNet family) or 20, 32, 44, "
            + "56, 110 (CIFAR family) (default: 18 for --preset paper-imagenet, else 20).")
    Integer depth;

    @Option(names = "--plain", description = "The plain twin: the same layers without shortcuts.")
    boolean plain;

    @Option(names = "--experiment", paramLabel = "NAME", description = "degradation: train plain-20, plain-56, "
            + "ResNet-20 and ResNet-56 alike and draw their error per epoch in one figure (Figure 6); budget "
            + DEGRADATION_IMAGES + " training images, " + DEGRADATION_EPOCHS + " epochs unless --limit/--epochs say.")
    String experiment;

    @Override
    protected String module() {
        return "resnet";
    }

    @Override
    protected List<Preset> presets() {
        return List.of(
                new Preset("cpu", "ResNet-20 at 28x28, SGD momentum 0.9, lr 0.1 /10 at 50% and 75% of the updates, "
                        + "weight decay 5e-4, batch 128, 18 epochs, pad-2 crops and flips", 18, 128, 0.1f,
                        "momentum", 5e-4f, 28),
                // Section 4.2: 64k updates are 152 epochs of 422 batches (54,000 images).
                new Preset("paper-cifar", "SGD momentum 0.9, lr 0.1 /10 at 32k and 48k updates, weight decay 1e-4, "
                        + "batch 128, 152 epochs (64k updates), zero-padded to 32x32, pad-4 crops and flips",
                        152, 128, 0.1f, "momentum", 1e-4f, 32),
                // Section 3.4: the paper divides on plateaus; fixed steps every 150k of 600k updates stand in.
                // 600k updates are 2,844 epochs of 211 batches (54,000 images).
                new Preset("paper-imagenet", "SGD momentum 0.9, lr 0.1 /10 at 150k, 300k and 450k updates, weight "
                        + "decay 1e-4, batch 256, 2,844 epochs (600k updates), 224x224 scale-augmented crops and flips",
                        2844, 256, 0.1f, "momentum", 1e-4f, 224));
    }

    private int depth() {
        if (depth != null) {
            return depth;
        }
        return "paper-imagenet".equalsIgnoreCase(options.preset) ? 18 : 20;
    }

    /** The chosen preset; refuses an unknown --depth before any data is read. */
    @Override
    protected Preset preset() {
        if (!ResNet.DEPTHS.containsKey(depth())) {
            throw new IllegalArgumentException("unknown --depth " + depth() + "; expected one of "
                    + ResNet.DEPTHS.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return super.preset();
    }

    @Override
    protected Block network(int channels, int imageSize, int classes) {
        // the paper strides a bottleneck's first 1x1 convolution, torchvision its 3x3
        boolean strideOn1x1 = "paper-imagenet".equalsIgnoreCase(options.preset)
                && ResNet.DEPTHS.get(depth()).block() == ResNet.BlockType.BOTTLENECK;
        return ResNet.builder().depth(depth()).plain(plain).numClasses(classes).optInChannels(channels)
                .optStrideOn1x1(strideOn1x1).build();
    }

    @Override
    protected String networkName() {
        return (plain ? "plain-" : "resnet-") + depth();
    }

    @Override
    protected Map<String, Object> recipeConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("depth", depth());
        config.put("plain", plain);
        config.put("schedule", "lr /10 after " + switch (options.preset.toLowerCase(Locale.ROOT)) {
            case "paper-cifar" -> "32k and 48k updates";
            case "paper-imagenet" -> "150k, 300k and 450k updates";
            default -> "50% and 75% of the updates";
        });
        return config;
    }

    /**
     * The paper's step schedule (DJL's MultiFactor tracker counts updates): at 32k and 48k updates
     * (CIFAR) or every 150k (ImageNet); the cpu preset drops at the same fractions of its shorter run
     * as the CIFAR schedule does of 64k updates, 50% and 75%.
     */
    @Override
    protected Tracker learningRateSchedule(Preset preset, int updatesPerEpoch) {
        if (scheduleGiven()) {
            return super.learningRateSchedule(preset, updatesPerEpoch);
        }
        int total = preset.epochs() * updatesPerEpoch;
        int[] steps = switch (preset.name()) {
            case "paper-cifar" -> new int[] {32_000, 48_000};
            case "paper-imagenet" -> new int[] {150_000, 300_000, 450_000};
            default -> new int[] {Math.max(1, total / 2), Math.max(2, total * 3 / 4)};
        };
        return Tracker.multiFactor().setBaseValue(preset.learningRate()).setSteps(steps).optFactor(0.1f).build();
    }

    @Override
    protected ImageTransform trainTransform(Preset preset, LabeledImages data) {
        int side = preset.imageSize();
        RandomHorizontalFlip flip = new RandomHorizontalFlip(0.5);
        return switch (preset.name()) {
            // zero padding to 32x32 (as LeNet-5 padded MNIST), then the paper's 4-pixel pad and crop
            case "paper-cifar" -> new CenterCrop(side, side).andThen(new PadAndRandomCrop(4)).andThen(flip);
            // Section 3.4: the shorter side resized to 256..480, a 224 crop: 22%-77% of the image's area
            case "paper-imagenet" -> new RandomResizedCrop(side, side, square(side / 480.0), square(side / 256.0), 1, 1)
                    .andThen(flip);
            default -> resized(side, data).andThen(new PadAndRandomCrop(2)).andThen(flip);
        };
    }

    @Override
    protected ImageTransform evalTransform(Preset preset, LabeledImages data) {
        int side = preset.imageSize();
        return switch (preset.name()) {
            case "paper-cifar" -> new CenterCrop(side, side);
            case "paper-imagenet" -> new Resize(side * 8 / 7, side * 8 / 7).andThen(new CenterCrop(side, side));
            default -> resized(side, data);
        };
    }

    private static ImageTransform resized(int side, LabeledImages data) {
        return data.height() == side && data.width() == side ? ImageTransform.identity() : new Resize(side, side);
    }

    private static double square(double x) {
        return x * x;
    }

    /** The published counts are for RGB input. */
    @Override
    protected int summaryChannels() {
        return 3;
    }

    /** The stem layers and the stages. */
    @Override
    protected int summaryDepth() {
        return 2;
    }

    @Override
    protected String summaryFooter(Block network, Shape input) {
        return String.format(Locale.ROOT, "Multiply-adds per %dx%dx%d image: %,d%n", input.get(1), input.get(2),
                input.get(3), MultiplyAdds.count(network));
    }

    /** A single network, or the degradation experiment. */
    @Override
    protected int run(Preset preset) throws IOException {
        if (experiment == null) {
            return super.run(preset);
        }
        if (options.resume != null) {
            throw new IllegalArgumentException("--resume continues a single run; resume one of the experiment's "
                    + "four (its subfolders) without --experiment");
        }
        if (!experiment.equalsIgnoreCase("degradation")) {
            throw new IllegalArgumentException("unknown --experiment '" + experiment + "'; expected degradation");
        }
        if (depth != null || plain) {
            throw new IllegalArgumentException("--experiment degradation trains plain-20, plain-56, ResNet-20 and "
                    + "ResNet-56; leave out --depth and --plain");
        }
        return degradation();
    }

    /** Trains the four networks with the same budget and draws their error curves in one figure. */
    private int degradation() throws IOException {
        if (options.epochs == null) {
            options.epochs = DEGRADATION_EPOCHS;
        }
        Preset budget = preset();
        int images = options.limit != null ? options.limit : DEGRADATION_IMAGES;
        RunDirectory dir = runDirectory();
        Map<String, RunResult> results = new LinkedHashMap<>();
        for (Object[] network : DEGRADATION_NETWORKS) {
            depth = (Integer) network[0];
            plain = (Boolean) network[1];
            String label = (plain ? "plain-" : "ResNet-") + depth;
            try (RunResult r = train(budget, images, RunDirectory.at(dir.resolve(networkName())))) {
                results.put(label, r); // its figures; the trained network is not kept
            }
        }
        depth = null;
        plain = false;

        DegradationFigure figure = new DegradationFigure(results);
        figure.writePng(dir.resolve(DegradationFigure.PNG));
        figure.writeCsv(dir.resolve(DegradationFigure.CSV));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "degradation experiment: up to %,d training images, %d epochs, preset %s%n", images,
                budget.epochs(), budget.name());
        out.print(figure.table());
        out.println(figure.verdict());
        out.println("figure: " + dir.resolve(DegradationFigure.PNG));
        out.flush();
        return 0;
    }

    public static void main(String[] args) {
        Recipes.main(new ResNetRecipe(), args);
    }
}
