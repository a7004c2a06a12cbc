package dev.classicnets.common.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.optim.OptimizerSettings;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One network a {@link Task} trains: the loop gives it a DJL {@code Model} and {@code Trainer} of its own,
 * with its own optimizer, schedule and checkpointed state.
 *
 * @param name the network's name in the task ({@code net}, {@code generator}, ...): the key of its
 *     trainer, of its state in checkpoints and of its parameter file {@code <run>-<name>-NNNN.params}
 * @param block the network
 * @param optimizer how it is updated
 * @param loss what its DJL trainer reports as its loss ({@code trainer.getLoss()}); the task's step
 *     computes the losses it trains with
 * @param inputShapes the shapes to initialise the block with (a batch of one is enough)
 */
public record Network(String name, Block block, OptimizerSettings optimizer, Loss loss, Shape... inputShapes) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

    public Network {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a network's name must be letters, digits and '-', starting with a "
                    + "letter (it names files), got '" + name + "'");
        }
        if (inputShapes.length == 0) {
            throw new IllegalArgumentException("network " + name + " needs the input shapes to initialise it with");
        }
        inputShapes = inputShapes.clone();
    }

    /** The input shapes (a copy). */
    @Override
    public Shape[] inputShapes() {
        return inputShapes.clone();
    }
}
