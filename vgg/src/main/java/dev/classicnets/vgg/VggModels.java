package dev.classicnets.vgg;

import dev.classicnets.common.nn.ConvNetSize;
import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The VGG columns torchvision has, by torchvision's names, for {@link
 * dev.classicnets.common.registry.ModelRegistry}: {@code vgg11} (A), {@code vgg13} (B), {@code
 * vgg16} (D), {@code vgg19} (E), each also with batch norm ({@code _bn}). Counts for 1000 classes
 * and RGB 224x224 input.
 */
public final class VggModels implements ModelProvider {

    private static final String CITATION = "Simonyan, Zisserman 2015, ICLR, arXiv:1409.1556";

    @Override
    public List<ModelEntry> models() {
        List<ModelEntry> entries = new ArrayList<>();
        entries.add(entry(Vgg.Config.A, false, 132_863_336L));
        entries.add(entry(Vgg.Config.A, true, 132_868_840L));
        entries.add(entry(Vgg.Config.B, false, 133_047_848L));
        entries.add(entry(Vgg.Config.B, true, 133_053_736L));
        entries.add(entry(Vgg.Config.D, false, 138_357_544L));
        entries.add(entry(Vgg.Config.D, true, 138_365_992L));
        entries.add(entry(Vgg.Config.E, false, 143_667_240L));
        entries.add(entry(Vgg.Config.E, true, 143_678_248L));
        return entries;
    }

    private static ModelEntry entry(Vgg.Config config, boolean batchNorm, long parameters) {
        String name = config.torchvisionName(batchNorm).orElseThrow();
        return ModelEntry.builder(name)
                .network((classes, channels) -> Vgg.builder().config(config).optBatchNorm(batchNorm)
                        .numClasses(classes).optInChannels(channels).build())
                .optOptions(ConvNetSize.KEYS, (classes, channels, options) -> Vgg.builder().config(config)
                        .optBatchNorm(batchNorm).numClasses(classes).optInChannels(channels)
                        .optSize(Vgg.PAPER_SIZE.withOptions(options)).build())
                .inputShape(3, 224, 224).minInputSize(Vgg.MIN_INPUT_SIZE)
                .normalization(Normalization.IMAGENET).torchvision(name).reference(1000, parameters)
                .citation(CITATION + ", column " + config.cliName() + (batchNorm
                        ? "; batch norm after every convolution (Ioffe, Szegedy 2015)" : ""))
                .build();
    }
}
