package dev.classicnets.alexnet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.registry.OptionValues;
import java.util.List;

/**
 * The three AlexNets by name, for {@link dev.classicnets.common.registry.ModelRegistry}: {@code
 * alexnet} (torchvision's), {@code alexnet-paper} (two towers as groups, LRN, 227x227) and {@code
 * alexnet-one-tower}. Counts for 1000 classes and RGB input.
 */
public final class AlexNetModels implements ModelProvider {

    private static final String KRIZHEVSKY_2012 = "Krizhevsky, Sutskever, Hinton 2012, NeurIPS";

    @Override
    public List<ModelEntry> models() {
        return List.of(
                entry("alexnet", AlexNet.Variant.TORCHVISION, 224, 61_100_840L)
                        .torchvision("alexnet")
                        .citation("Krizhevsky 2014, One weird trick, arXiv:1404.5997").build(),
                entry("alexnet-paper", AlexNet.Variant.PAPER, 227, 60_965_224L)
                        .citation(KRIZHEVSKY_2012 + "; two towers as grouped convolutions").build(),
                entry("alexnet-one-tower", AlexNet.Variant.ONE_TOWER, 227, 62_378_344L)
                        .citation(KRIZHEVSKY_2012 + "; in one tower").build());
    }

    private static ModelEntry.Builder entry(String name, AlexNet.Variant variant, int size, long parameters) {
        return ModelEntry.builder(name)
                .network((classes, channels) -> AlexNet.builder().variant(variant).numClasses(classes)
                        .optInChannels(channels).build())
                .optOptions(List.of("width_multiplier", "classifier_width", "pool_size", "dropout"),
                        (classes, channels, options) -> {
                            AlexNet.Builder b = AlexNet.builder().variant(variant).numClasses(classes)
                                    .optInChannels(channels);
                            if (options.containsKey("width_multiplier")) {
                                b.optWidthMultiplier(OptionValues.floatOf(options, "width_multiplier", 1f));
                            }
                            if (options.containsKey("classifier_width")) {
                                b.optClassifierWidth(OptionValues.intOf(options, "classifier_width", 4096));
                            }
                            if (options.containsKey("pool_size")) {
                                b.optPoolSize(OptionValues.intOf(options, "pool_size", 6));
                            }
                            if (options.containsKey("dropout")) {
                                b.optDropout(OptionValues.floatOf(options, "dropout", 0.5f));
                            }
                            return b.build();
                        })
                .inputShape(3, size, size).minInputSize(variant.minInputSize())
                .normalization(Normalization.IMAGENET).reference(1000, parameters);
    }
}
