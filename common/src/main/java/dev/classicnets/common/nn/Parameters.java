package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Parameter counting. */
public final class Parameters {
    private Parameters() {}

    /**
     * Counts the trainable scalars of an initialised block: every parameter that requires a
     * gradient (BatchNorm's running mean and variance do not count, as in PyTorch's
     * {@code sum(p.numel() for p in model.parameters())}).
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    public static long countTrainable(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.isInitialized()) {
                throw new IllegalStateException(
                        "parameter " + p.getKey() + " is not initialised; call block.initialize(...) first");
            }
            if (parameter.requiresGradient()) {
                total += parameter.getArray().getShape().size();
            }
        }
        return total;
    }

    /** Counts trainable scalars whose parameter name satisfies the type (e.g. weights only). */
    public static long countTrainable(Block block, Parameter.Type type) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.getType() == type) {
                NDArray array = parameter.getArray();
                total += array.getShape().size();
            }
        }
        return total;
    }
}
