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
import dev.classicnets.common.cli.Augmentation;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.MultiplyAdds;
import dev.classicnets.common.registry.Architecture;
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
public final class ResNetRecipe extends ClassifierRecipe<ResNetRecipe.Defaults> {

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

    @Override
    protected String module() {
        return "resnet";
    }

    /**
     * What a preset chooses for the network: the depth when {@code --depth} is not given, and whether a
     * bottleneck strides its first 1x1 convolution (the paper) or its 3x3 (torchvision).
     */
    record Defaults(int depth, boolean strideOn1x1) {}

    private static final RandomHorizontalFlip FLIP = new RandomHorizontalFlip(0.5);

    private static final List<Preset<Defaults>> PRESETS = List.of(
            // the paper's CIFAR schedule in proportion: /10 at 50% and 75% of the updates (32k and 48k of 64k)
            Preset.builder("cpu", new Defaults(20, false)).epochs(18).batchSize(128).optimizer("momentum", 0.1f)
                    .optWeightDecay(5e-4f).imageSize(28).optSchedule("multistep:milestones=50%/75%")
                    .optAugmentation(new Augmentation(
                            (side, data) -> resized(side, data).andThen(new PadAndRandomCrop(2)).andThen(FLIP),
                            ResNetRecipe::resized))
                    .build(),
            // Section 4.2: 64k updates are 152 epochs of 422 batches (54,000 images); zero padding to 32x32
            // (as LeNet-5 padded MNIST), then the paper's 4-pixel pad and crop.
            Preset.builder("paper-cifar", new Defaults(20, false)).epochs(152).batchSize(128)
                    .optimizer("momentum", 0.1f).optWeightDecay(1e-4f).imageSize(32)
                    .optSchedule("multistep:milestones=32000u/48000u")
                    .optAugmentation(new Augmentation((side, data) -> new CenterCrop(side, side)
                            .andThen(new PadAndRandomCrop(4)).andThen(FLIP), (side, data) -> new CenterCrop(side, side)))
                    .optNote("section 4.2").build(),
            // Section 3.4: the paper divides on plateaus; fixed steps every 150k of 600k updates stand in.
            // 600k updates are 2,844 epochs of 211 batches (54,000 images). The shorter side resized to
            // 256..480 and a 224 crop: 22%-77% of the image's area.
            Preset.builder("paper-imagenet", new Defaults(18, true)).epochs(2844).batchSize(256)
                    .optimizer("momentum", 0.1f).optWeightDecay(1e-4f).imageSize(224)
                    .optSchedule("multistep:milestones=150000u/300000u/450000u")
                    .optAugmentation(new Augmentation((side, data) -> new RandomResizedCrop(side, side,
                            square(side / 480.0), square(side / 256.0), 1, 1).andThen(FLIP),
                            (side, data) -> new Resize(side * 8 / 7, side * 8 / 7).andThen(new CenterCrop(side, side))))
                    .optNote("section 3.4, fixed steps standing in for its plateaus").build());

    @Override
    protected List<Preset<Defaults>> presets() {
        return PRESETS;
    }

    private int depth() {
        return depth != null ? depth : super.preset().network().depth();
    }

    /** The chosen preset; refuses an unknown --depth before any data is read. */
    @Override
    protected Preset<Defaults> preset() {
        if (!ResNet.DEPTHS.containsKey(depth())) {
            throw new IllegalArgumentException("unknown --depth " + depth() + "; expected one of "
                    + ResNet.DEPTHS.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return super.preset();
    }

    @Override
    protected Block network(int channels, int imageSize, int classes) {
        return ResNet.builder().depth(depth()).plain(plain).numClasses(classes).optInChannels(channels)
                .optStrideOn1x1(strideOn1x1()).build();
    }

    /** The paper strides a bottleneck's first 1x1 convolution, torchvision its 3x3. */
    private boolean strideOn1x1() {
        return preset().network().strideOn1x1() && ResNet.DEPTHS.get(depth()).block() == ResNet.BlockType.BOTTLENECK;
    }

    @Override
    protected Architecture architecture() {
        String name = (plain ? "plain" : "resnet") + depth();
        return new Architecture(name, strideOn1x1() ? Map.of("stride_on_1x1", "true") : Map.of());
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
        return config;
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

    @Override
    protected List<String> experiments() {
        return List.of("degradation", "fine-tune");
    }

    /** A single network, the degradation experiment, or the shared ones (fine-tune). */
    @Override
    protected int run(Preset<Defaults> preset) throws IOException {
        if (experiment == null || !experiment.equalsIgnoreCase("degradation")) {
            return super.run(preset);
        }
        if (options.resume != null) {
            throw new IllegalArgumentException("--resume continues a single run; resume one of the experiment's "
                    + "four (its subfolders) without --experiment");
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
        Preset<Defaults> budget = preset();
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
