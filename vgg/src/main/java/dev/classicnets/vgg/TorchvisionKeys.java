package dev.classicnets.vgg;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Names a network's parameters the way torchvision's state dict does, for networks whose three
 * parts mirror torchvision's {@code features}, {@code avgpool} and {@code classifier}
 * {@code nn.Sequential}s layer for layer (ReLU, pooling and dropout included, so the k-th child
 * of a part is torchvision's module {@code k}).
 */
final class TorchvisionKeys {
    private TorchvisionKeys() {}

    /** DJL's parameter names and the state-dict names of the same tensors. */
    private static final Map<String, String> PARAMETER = Map.of(
            "weight", "weight",
            "bias", "bias",
            "gamma", "weight",
            "beta", "bias",
            "runningMean", "running_mean",
            "runningVar", "running_var");

    /**
     * Pairs every parameter name of {@code net} (in {@code net.getParameters()} order) with its
     * torchvision key.
     *
     * @param torchParts torchvision's name of each of {@code net}'s children, in order
     */
    static PairList<String, String> of(Block net, String... torchParts) {
        PairList<String, String> keys = new PairList<>();
        if (net.getChildren().size() != torchParts.length) {
            throw new IllegalArgumentException("expected " + torchParts.length + " parts, got "
                    + net.getChildren().keys());
        }
        int part = 0;
        for (Pair<String, Block> child : net.getChildren()) {
            if (!child.getValue().getDirectParameters().isEmpty()) {
                throw new IllegalArgumentException(child.getKey() + " is not a sequence of layers");
            }
            int module = 0;
            for (Pair<String, Block> layer : child.getValue().getChildren()) {
                for (Pair<String, ai.djl.nn.Parameter> p : layer.getValue().getParameters()) {
                    String torchName = PARAMETER.get(p.getKey());
                    if (torchName == null) {
                        throw new IllegalArgumentException("no torchvision name for parameter "
                                + p.getKey() + " of " + child.getKey() + "/" + layer.getKey());
                    }
                    keys.add(child.getKey() + "_" + layer.getKey() + "_" + p.getKey(),
                            torchParts[part] + "." + module + "." + torchName);
                }
                module++;
            }
            part++;
        }
        return keys;
    }
}
