package dev.classicnets.lenet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.registry.OptionValues;
import java.util.List;

/**
 * LeNet-5 and the course's MNIST baselines by name, for {@link
 * dev.classicnets.common.registry.ModelRegistry}: {@code lenet5}, {@code lenet5-classic}, {@code
 * softmax}, {@code mlp}. Designed for 1x28x28 Fashion-MNIST images, 10 classes.
 */
public final class LeNetModels implements ModelProvider {

    private static final String LECUN_1998 = "LeCun, Bottou, Bengio, Haffner 1998, Proc. IEEE 86(11)";
    private static final String GORNER = "Görner 2017, TensorFlow and deep learning, without a PhD";

    @Override
    public List<ModelEntry> models() {
        return List.of(
                lenet("lenet5", LeNet5.Variant.MODERN, LECUN_1998 + "; ReLU and max pooling"),
                lenet("lenet5-classic", LeNet5.Variant.CLASSIC, LECUN_1998 + "; tanh and average pooling"),
                mnist("softmax", (classes, channels) -> MnistBaselines.softmaxRegression(classes), 7_850)
                        .citation(GORNER + ": softmax regression").build(),
                mnist("mlp", (classes, channels) -> MnistBaselines.mlp(classes, 0.25f), 185_300)
                        .optOptions(List.of("dropout"), (classes, channels, options) -> MnistBaselines.mlp(classes,
                                OptionValues.floatOf(options, "dropout", 0.25f)))
                        .citation(GORNER + ": five ReLU layers, dropout 0.25").build());
    }

    private static ModelEntry lenet(String name, LeNet5.Variant variant, String citation) {
        return mnist(name, (classes, channels) -> LeNet5.builder().variant(variant).numClasses(classes)
                        .optInChannels(channels).build(), 61_706)
                .optOptions(List.of("image_size"), (classes, channels, options) -> LeNet5.builder().variant(variant)
                        .numClasses(classes).optInChannels(channels)
                        .optImageSize(OptionValues.intOf(options, "image_size", 28)).build())
                .citation(citation).build();
    }

    private static ModelEntry.Builder mnist(String name, dev.classicnets.common.registry.NetworkFactory factory,
            long parameters) {
        return ModelEntry.builder(name).network(factory).inputShape(1, 28, 28)
                .normalization(Normalization.FASHION_MNIST).reference(10, parameters);
    }
}
