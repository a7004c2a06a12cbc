package dev.classicnets.common.transfer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DJL's names of a layer's parameters against PyTorch's state-dict names of the same tensors. The
 * layouts agree (a convolution's weight is (out, in/groups, kh, kw) in both, a linear layer's (out,
 * in)), so only the names differ, and only for batch norm.
 */
public final class TorchParameterNames {
    private TorchParameterNames() {}

    /** The state-dict entry PyTorch keeps beside every batch norm's statistics; DJL has no counterpart. */
    public static final String BATCH_COUNTER = "num_batches_tracked";

    private static final Map<String, String> DJL_TO_TORCH = Map.of(
            "weight", "weight",
            "bias", "bias",
            "gamma", "weight",
            "beta", "bias",
            "runningMean", "running_mean",
            "runningVar", "running_var");

    /** PyTorch's name for DJL's parameter {@code djlName} ({@code gamma} to {@code weight}), if it has one. */
    public static Optional<String> torchName(String djlName) {
        return Optional.ofNullable(DJL_TO_TORCH.get(djlName));
    }

    /** The DJL parameter names this table knows. */
    public static Set<String> djlNames() {
        return DJL_TO_TORCH.keySet();
    }
}
