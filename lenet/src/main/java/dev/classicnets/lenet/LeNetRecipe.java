package dev.classicnets.lenet;

import ai.djl.nn.Block;
import dev.classicnets.common.cli.Augmentation;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import dev.classicnets.common.augment.Resize;
import dev.classicnets.common.data.LabeledImages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains LeNet-5 (or the course's softmax / MLP baselines) on Fashion-MNIST or MNIST.
 *
 * <pre>mvn -q -pl lenet -am compile exec:java -Dexec.args="--model lenet5 --epochs 10"</pre>
 */
@Command(name = "lenet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train LeNet-5 (LeCun et al. 1998) or the course's softmax/MLP baselines.")
public final class LeNetRecipe extends ClassifierRecipe<Void> {

    @Option(names = "--model", paramLabel = "NAME",
            description = "lenet5 (ReLU, max pool), lenet5-classic (tanh, average pool), softmax or mlp "
                    + "(default: ${DEFAULT-VALUE}).", defaultValue = "lenet5")
    String model;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout of the MLP's hidden layers, in [0, 1) "
            + "(--model mlp only; default: " + MLP_DROPOUT + ").")
    Float dropout;

    /** The course's rate: it keeps 75% of the hidden units. */
    private static final float MLP_DROPOUT = 0.25f;

    @Override
    protected String module() {
        return "lenet";
    }

    /**
     * Mirror images half the time on Fashion-MNIST (its items look alike mirrored; digits do not), after
     * resizing them to {@code --image-size} if that is not the data's own side.
     */
    private static final Augmentation MIRROR_FASHION = new Augmentation(
            (side, data) -> toSide(side, data).andThen(data.classNames().contains("Ankle boot")
                    ? new RandomHorizontalFlip(0.5) : ImageTransform.identity()),
            LeNetRecipe::toSide);

    /** The images as they are at their own side, else resized to {@code side} x {@code side}. */
    private static ImageTransform toSide(int side, LabeledImages data) {
        return side == data.height() && side == data.width() ? ImageTransform.identity() : new Resize(side, side);
    }

    private static final List<Preset<Void>> PRESETS = List.of(
            Preset.<Void>builder("cpu", null).epochs(10).batchSize(64).optimizer("adam", 2e-3f).imageSize(28)
                    .optSchedule("cosine").optAugmentation(MIRROR_FASHION).build(),
            // The paper trains with stochastic diagonal Levenberg-Marquardt for 20 passes; SGD with
            // momentum is the usual stand-in.
            Preset.<Void>builder("paper", null).epochs(20).batchSize(32).optimizer("momentum", 0.01f).imageSize(28)
                    .optNote("SGD with momentum stands in for the paper's stochastic diagonal Levenberg-Marquardt")
                    .optAugmentation(new Augmentation(LeNetRecipe::toSide, LeNetRecipe::toSide)).build());

    @Override
    protected List<Preset<Void>> presets() {
        return PRESETS;
    }

    @Override
    protected Block network(int channels, int imageSize, int classes) {
        if (dropout != null && !"mlp".equalsIgnoreCase(model)) {
            throw new IllegalArgumentException("--dropout applies to --model mlp only; " + networkName()
                    + " has no dropout layer");
        }
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "lenet5", "lenet5-classic" -> LeNet5.builder().variant(LeNet5.Variant.parse(model))
                    .numClasses(classes).optInChannels(channels).optImageSize(imageSize).build();
            case "softmax" -> MnistBaselines.softmaxRegression(classes);
            case "mlp" -> MnistBaselines.mlp(classes, dropout != null ? dropout : MLP_DROPOUT);
            default -> throw new IllegalArgumentException("unknown --model '" + model
                    + "'; expected lenet5, lenet5-classic, softmax or mlp");
        };
    }

    @Override
    protected Architecture architecture() {
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "lenet5", "lenet5-classic" -> new Architecture(model.toLowerCase(Locale.ROOT),
                    Map.of("image_size", Integer.toString(preset().imageSize())));
            case "mlp" -> new Architecture("mlp", Map.of("dropout", Float.toString(dropout)));
            default -> Architecture.of(model.toLowerCase(Locale.ROOT));
        };
    }

    @Override
    protected String networkName() {
        return model.toLowerCase(Locale.ROOT);
    }

    @Override
    protected Map<String, Object> recipeConfig() {
        return "mlp".equalsIgnoreCase(model) ? Map.of("dropout", dropout != null ? dropout : MLP_DROPOUT) : Map.of();
    }

    public static void main(String[] args) {
        Recipes.main(new LeNetRecipe(), args);
    }
}
