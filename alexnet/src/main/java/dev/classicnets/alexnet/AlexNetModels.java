package dev.classicnets.alexnet;

import dev.classicnets.common.nn.ConvNetSize;
import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
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
                .optOptions(ConvNetSize.KEYS, (classes, channels, options) -> AlexNet.builder().variant(variant)
                        .numClasses(classes).optInChannels(channels)
                        .optSize(AlexNet.PAPER_SIZE.withOptions(options)).build())
                .inputShape(3, size, size).minInputSize(variant.minInputSize())
                .normalization(Normalization.IMAGENET).reference(1000, parameters);
    }
}
