package dev.classicnets.googlenet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.registry.OptionValues;
import java.util.List;

/**
 * The two GoogLeNets by name, for {@link dev.classicnets.common.registry.ModelRegistry}, both
 * without auxiliary classifiers (the network that is evaluated and whose weights are published):
 * {@code googlenet} (torchvision's layout, 6,624,904 parameters for 1000 classes) and {@code
 * googlenet-paper} (6,998,552). Build with {@link GoogLeNet#builder()} for the auxiliary heads.
 */
public final class GoogLeNetModels implements ModelProvider {

    private static final String CITATION = "Szegedy et al. 2015, CVPR, arXiv:1409.4842";

    @Override
    public List<ModelEntry> models() {
        return List.of(
                entry("googlenet", Variant.TORCHVISION, 6_624_904L).torchvision("googlenet")
                        .citation(CITATION + "; torchvision's layout: batch norm, 3x3 in the 5x5 branch").build(),
                entry("googlenet-paper", Variant.PAPER, 6_998_552L)
                        .citation(CITATION + ", Table 1").build());
    }

    private static ModelEntry.Builder entry(String name, Variant variant, long parameters) {
        return ModelEntry.builder(name)
                .network((classes, channels) -> GoogLeNet.builder().variant(variant).numClasses(classes)
                        .optInChannels(channels).build())
                .optOptions(List.of("aux", "inception", "transform_input"), (classes, channels, options) -> {
                    GoogLeNet.Builder b = GoogLeNet.builder().variant(variant).numClasses(classes)
                            .optInChannels(channels).aux(OptionValues.booleanOf(options, "aux", false));
                    if (options.containsKey("inception")) {
                        b.inception(Inception.of(options.get("inception")));
                    }
                    if (options.containsKey("transform_input")) {
                        b.optTransformInput(OptionValues.booleanOf(options, "transform_input", false));
                    }
                    return b.build();
                })
                .inputShape(3, 224, 224).minInputSize(GoogLeNet.minimumInputSize(variant, false))
                .normalization(Normalization.IMAGENET).reference(1000, parameters);
    }
}
