package dev.classicnets.googlenet;

import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.transfer.StateDictMapping;
import java.util.HashMap;
import java.util.Map;

/**
 * What is GoogLeNet's own in mapping onto torchvision's {@code googlenet()} state dict: its layers
 * carry torchvision's module names ({@code inception3a.branch2.0.conv}, {@code aux1.fc2}) and
 * torchvision keeps them all at the top level, so every part of ours, the auxiliary heads
 * included, adds no key segment.
 */
final class TorchvisionNames {
    private TorchvisionNames() {}

    static StateDictMapping of(GoogLeNet net) {
        if (net.variant() != Variant.TORCHVISION || net.inception() != Inception.REDUCED) {
            throw new IllegalArgumentException("torchvision's googlenet is the torchvision variant with reduced"
                    + " inception modules, not " + net);
        }
        Map<String, String> parts = new HashMap<>(Map.of(
                ClassifierBlock.FEATURES, "", ClassifierBlock.POOL, "", ClassifierBlock.HEAD, ""));
        if (net.hasAuxiliaryHeads()) {
            parts.put(GoogLeNet.AUXILIARY, "");
        }
        String name = "torchvision googlenet(aux_logits=" + (net.hasAuxiliaryHeads() ? "True" : "False") + ")";
        return StateDictMapping.of(name, net, parts);
    }
}
