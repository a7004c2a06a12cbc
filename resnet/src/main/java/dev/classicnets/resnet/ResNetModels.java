package dev.classicnets.resnet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.registry.OptionValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The residual networks and their plain twins by name, for {@link
 * dev.classicnets.common.registry.ModelRegistry}: torchvision's {@code resnet18} ... {@code
 * resnet152} (1000 classes, RGB 224x224), the CIFAR family {@code resnet20} ... {@code resnet110}
 * (10 classes, RGB 32x32), and {@code plain18}, {@code plain34}, {@code plain20} ... {@code
 * plain110}: the same layers without shortcuts. Global average pooling lets every one of them take
 * any input size down to 1x1.
 */
public final class ResNetModels implements ModelProvider {

    private static final String CITATION = "He, Zhang, Ren, Sun 2016, CVPR, arXiv:1512.03385";

    @Override
    public List<ModelEntry> models() {
        List<ModelEntry> entries = new ArrayList<>();
        long[] imageNet = {11_689_512L, 21_797_672L, 25_557_032L, 44_549_160L, 60_192_808L};
        int[] imageNetDepths = {18, 34, 50, 101, 152};
        for (int i = 0; i < imageNetDepths.length; i++) {
            entries.add(imageNet(imageNetDepths[i], false, imageNet[i]));
        }
        long[] cifar = {269_722L, 464_154L, 658_586L, 853_018L, 1_727_962L};
        int[] cifarDepths = {20, 32, 44, 56, 110};
        for (int i = 0; i < cifarDepths.length; i++) {
            entries.add(cifar(cifarDepths[i], false, cifar[i]));
        }
        entries.add(imageNet(18, true, 11_515_688L));
        entries.add(imageNet(34, true, 21_623_848L));
        for (int i = 0; i < cifarDepths.length; i++) {
            entries.add(cifar(cifarDepths[i], true, cifar[i])); // option A shortcuts have no parameters
        }
        return entries;
    }

    private static ModelEntry imageNet(int depth, boolean plain, long parameters) {
        ModelEntry.Builder b = entry(depth, plain).inputShape(3, 224, 224).normalization(Normalization.IMAGENET)
                .reference(1000, parameters);
        if (plain) {
            return b.citation(CITATION + ", Table 1 and Figure 3: plain-" + depth).build();
        }
        return b.torchvision("resnet" + depth).citation(CITATION + ", Table 1; torchvision's stride on the 3x3")
                .build();
    }

    private static ModelEntry cifar(int depth, boolean plain, long parameters) {
        return entry(depth, plain).inputShape(3, 32, 32).normalization(Normalization.CIFAR10)
                .reference(10, parameters)
                .citation(CITATION + ", section 4.2" + (plain ? ": plain-" + depth : "; option A shortcuts"))
                .build();
    }

    private static ModelEntry.Builder entry(int depth, boolean plain) {
        return ModelEntry.builder((plain ? "plain" : "resnet") + depth)
                .network((classes, channels) -> ResNet.builder().depth(depth).plain(plain).numClasses(classes)
                        .optInChannels(channels).build())
                // the paper strides a bottleneck's first 1x1 convolution, torchvision (the default) its 3x3
                .optOptions(List.of("stride_on_1x1"), (classes, channels, options) -> ResNet.builder().depth(depth)
                        .plain(plain).numClasses(classes).optInChannels(channels)
                        .optStrideOn1x1(OptionValues.booleanOf(options, "stride_on_1x1", false)).build())
                .minInputSize(1);
    }
}
