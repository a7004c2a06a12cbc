package dev.classicnets.common.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Counts the multiply-adds (MACs) of a network's convolutions and fully connected layers, the cost
 * measure papers quote ("1.5 billion multiply-adds" for GoogLeNet) and torchvision's model table
 * lists as "GFLOPS".
 *
 * <p>A convolution costs {@code outputElements * (inChannels / groups) * kernelHeight *
 * kernelWidth}, a linear layer {@code outputElements * inFeatures}; biases, normalisation,
 * activations and pooling are not counted (they are a few percent at most). The count is for the
 * input shape the block was last initialised with, batch included: every DJL block records its
 * input shapes in {@code initialize}, so walking the tree needs no forward pass and no knowledge of
 * how a custom block routes data between its children. Every child block is counted, whether or
 * not the inference path uses it (GoogLeNet's auxiliary heads, for example).
 */
public final class MultiplyAdds {
    private MultiplyAdds() {}

    /**
     * Multiply-adds of every {@link Convolution} (any dimension), {@link StridedPointwiseConv} and
     * {@link Linear} in {@code block}, at the input shape it was initialised with.
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    public static long count(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException(
                    "counting multiply-adds needs an initialised block; call block.initialize(manager,"
                            + " dataType, inputShape) with the input shape to count for");
        }
        return walk(block);
    }

    private static long walk(Block block) {
        if (block instanceof Convolution || block instanceof StridedPointwiseConv || block instanceof Linear) {
            return ofLayer(block);
        }
        long total = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            total += walk(child.getValue());
        }
        return total;
    }

    /** One convolution or linear layer: output elements times the weights behind each. */
    private static long ofLayer(Block layer) {
        Shape output = layer.getOutputShapes(layer.getInputShapes())[0];
        Parameter weight = layer.getDirectParameters().get("weight");
        Shape w = weight.getShape();
        // Convolution weights are (out, in/groups, k...), linear weights (out, in): one output
        // element needs all of a filter's weights but the first axis.
        long perOutput = w.size() / w.get(0);
        return output.size() * perOutput;
    }
}
