package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
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

    /**
     * Counts the trainable scalars a fresh block has for {@code inputShape} (N, C, H, W), without
     * random initialisation or a forward pass: the block is initialised with zeros in a temporary
     * manager, so its arrays are gone on return. Meant for a block built only to be counted.
     *
     * @throws IllegalArgumentException if the block is already initialised (count it with
     *     {@link #countTrainable(Block)})
     */
    public static long countAt(Block block, Shape inputShape) {
        if (!block.getParameters().isEmpty() && block.isInitialized()) {
            throw new IllegalArgumentException(
                    "countAt needs a fresh block, got an initialised one; use countTrainable(block)");
        }
        block.setInitializer(Initializer.ZEROS, p -> true); // zeros are cheaper than random numbers
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            return countTrainable(block);
        }
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
