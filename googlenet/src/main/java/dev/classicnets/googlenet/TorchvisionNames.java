package dev.classicnets.googlenet;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * Our parameter names against the keys of torchvision's {@code googlenet()} state dict (with or
 * without {@code aux_logits}), for importing its weights.
 *
 * <p>The blocks are named after torchvision's modules, so the mapping is a renaming: DJL's name
 * {@code 01features_08inception3a_02branch2_010_01conv_weight} is the path {@code features /
 * inception3a / branch2 / 0 / conv} (each child numbered with two digits) plus the parameter;
 * dropping the numbers and the classifier's part ({@code features}, {@code head}, {@code
 * auxiliary}) and translating DJL's batch-norm names gives {@code inception3a.branch2.0.conv.weight}.
 * torchvision's {@code num_batches_tracked} counters have no DJL counterpart. Its pretrained weights
 * expect {@code transform_input=True}'s input normalisation, which is the data pipeline's business.
 */
public final class TorchvisionNames {
    private TorchvisionNames() {}

    private static final Map<String, String> LEAVES = Map.of(
            "weight", "weight", "bias", "bias",
            "gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    /**
     * Every parameter of {@code net}, running statistics included, in DJL's order, paired with
     * the torchvision key that holds the same tensor.
     *
     * @throws IllegalArgumentException unless {@code net} is the torchvision variant with reduced
     *     inception modules
     */
    public static PairList<String, String> of(GoogLeNet net) {
        if (net.variant() != Variant.TORCHVISION || net.inception() != Inception.REDUCED) {
            throw new IllegalArgumentException("torchvision's googlenet is the torchvision variant with reduced"
                    + " inception modules, not " + net);
        }
        PairList<String, String> pairs = new PairList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            pairs.add(p.getKey(), torchKey(p.getKey()));
        }
        return pairs;
    }

    /** {@code 03head_02fc_weight} to {@code fc.weight}. */
    static String torchKey(String djlName) {
        String[] segments = djlName.split("_");
        String leaf = LEAVES.get(segments[segments.length - 1]);
        if (leaf == null || segments.length < 2) {
            throw new IllegalArgumentException("no torchvision name for parameter " + djlName);
        }
        StringBuilder key = new StringBuilder();
        // segments[0] is the classifier's part; the last one is the parameter
        for (int i = 1; i < segments.length - 1; i++) {
            key.append(stripOrdinal(segments[i])).append('.');
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
