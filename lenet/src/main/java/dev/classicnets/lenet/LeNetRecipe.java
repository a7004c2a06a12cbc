package dev.classicnets.lenet;

import ai.djl.nn.Block;
import dev.classicnets.common.cli.Augmentation;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.RandomHorizontalFlip;
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

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout of the MLP's hidden layers "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "0.25")
    float dropout;

    @Override
    protected String module() {
        return "lenet";
    }

    /** Mirror images half the time on Fashion-MNIST (its items look alike mirrored; digits do not). */
    private static final Augmentation MIRROR_FASHION = new Augmentation(
            (side, data) -> data.classNames().contains("Ankle boot") ? new RandomHorizontalFlip(0.5)
                    : ImageTransform.identity(),
            (side, data) -> ImageTransform.identity());

    private static final List<Preset<Void>> PRESETS = List.of(
            Preset.<Void>builder("cpu", null).epochs(10).batchSize(64).optimizer("adam", 2e-3f).imageSize(28)
                    .optSchedule("cosine").optAugmentation(MIRROR_FASHION).build(),
            // The paper trains with stochastic diagonal Levenberg-Marquardt for 20 passes; SGD with
            // momentum is the usual stand-in.
            Preset.<Void>builder("paper", null).epochs(20).batchSize(32).optimizer("momentum", 0.01f).imageSize(28)
                    .optNote("SGD with momentum stands in for the paper's stochastic diagonal Levenberg-Marquardt")
                    .build());

    @Override
    protected List<Preset<Void>> presets() {
        return PRESETS;
    }

    @Override
    protected Block network(int channels, int imageSize, int classes) {
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "lenet5", "lenet5-classic" -> LeNet5.builder().variant(LeNet5.Variant.parse(model))
                    .numClasses(classes).optInChannels(channels).optImageSize(imageSize).build();
            case "softmax" -> MnistBaselines.softmaxRegression(classes);
            case "mlp" -> MnistBaselines.mlp(classes, dropout);
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
        return "mlp".equalsIgnoreCase(model) ? Map.of("dropout", dropout) : Map.of();
    }

    public static void main(String[] args) {
        Recipes.main(new LeNetRecipe(), args);
    }
}
