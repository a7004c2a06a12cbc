package dev.classicnets.lenet;

import ai.djl.nn.Block;
import dev.classicnets.common.cli.ClassifierRecipe;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.RandomHorizontalFlip;
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
public final class LeNetRecipe extends ClassifierRecipe {

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

    @Override
    protected List<Preset> presets() {
        return List.of(
                new Preset("cpu", "Adam 2e-3 with cosine decay, batch 64, 10 epochs, random horizontal flips", 10,
                        64, 2e-3f, "adam", 0f, 28, "cosine"),
                // The paper trains with stochastic diagonal Levenberg-Marquardt for 20 passes; SGD with
                // momentum is the usual stand-in.
                new Preset("paper", "SGD momentum 0.9, lr 0.01, batch 32, 20 epochs", 20, 32, 0.01f, "momentum",
                        0f, 28));
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

    /** Mirror images half the time (Fashion-MNIST's items look alike mirrored; digits do not). */
    @Override
    protected ImageTransform trainTransform(Preset preset, LabeledImages data) {
        boolean mirrorable = data.classNames().contains("Ankle boot") && preset.name().equals("cpu");
        return mirrorable ? new RandomHorizontalFlip(0.5) : ImageTransform.identity();
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
