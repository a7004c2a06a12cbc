package dev.classicnets.resnet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Our parameter names against the keys of torchvision's {@code resnet18()} ... {@code resnet152()}
 * state dicts, for importing their weights.
 *
 * <p>The blocks are named after torchvision's modules, so the mapping is a renaming: DJL's name
 * {@code 01features_05layer1_010_01conv1_weight} is the path {@code features / layer1 / 0 / conv1}
 * (each child numbered with two digits) plus the parameter; dropping the numbers and the
 * classifier's part ({@code features}, {@code pool}, {@code head}) and translating DJL's batch-norm
 * parameter names gives {@code layer1.0.conv1.weight}. torchvision's {@code num_batches_tracked}
 * counters have no DJL counterpart.
 */
public final class TorchvisionNames {
    private TorchvisionNames() {}

    /** DJL's parameter names to PyTorch's state-dict names. */
    private static final Map<String, String> LEAVES = Map.of(
            "weight", "weight", "bias", "bias",
            "gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    /**
     * Every parameter of {@code net}, running statistics included, in DJL's order, paired with
     * the torchvision key that holds the same tensor (same shape, same layout).
     *
     * @throws IllegalArgumentException for a network torchvision has no counterpart of (the CIFAR
     *     family, plain networks)
     */
    public static PairList<String, String> of(ResNet net) {
        if (net.isPlain() || !ResNet.DEPTHS.containsKey(net.depth()) || ResNet.DEPTHS.get(net.depth()).cifar()) {
            throw new IllegalArgumentException("torchvision has no counterpart of " + net.name()
                    + "; it has resnet18, resnet34, resnet50, resnet101 and resnet152");
        }
        return mapping(net);
    }

    static PairList<String, String> mapping(Block block) {
        PairList<String, String> pairs = new PairList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            pairs.add(p.getKey(), torchKey(p.getKey()));
        }
        return pairs;
    }

    /** {@code 01features_05layer1_010_01conv1_weight} to {@code layer1.0.conv1.weight}. */
    static String torchKey(String djlName) {
        String[] segments = djlName.split("_");
        StringBuilder key = new StringBuilder();
        // segments[0] is the classifier's part; the last one is the parameter
        for (int i = 1; i < segments.length - 1; i++) {
            key.append(stripOrdinal(segments[i])).append('.');
        }
        String leaf = LEAVES.get(segments[segments.length - 1]);
        if (leaf == null || segments.length < 2) {
            throw new IllegalArgumentException("no torchvision name for parameter " + djlName);
        }
        return key.append(leaf).toString();
    }

    /** DJL prefixes each child's name with its two-digit position among its siblings. */
    private static String stripOrdinal(String segment) {
        if (segment.length() < 3 || !Character.isDigit(segment.charAt(0)) || !Character.isDigit(segment.charAt(1))) {
            throw new IllegalArgumentException("expected a child name numbered by DJL, got " + segment);
        }
        return segment.substring(2);
    }
}
