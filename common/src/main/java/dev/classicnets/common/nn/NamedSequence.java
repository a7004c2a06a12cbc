package dev.classicnets.common.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children carry names of our choosing instead of their class
 * names, so that parameter names read like PyTorch module paths ({@code layer1.0.conv1}) and map
 * onto a state dict by name ({@link dev.classicnets.common.transfer.StateDictMapping}); a plain
 * {@code SequentialBlock} maps by position, as an {@code nn.Sequential} does.
 */
public class NamedSequence extends SequentialBlock {

    private final boolean positional;

    /** A sequence whose children map onto a state dict by their names. */
    public NamedSequence() {
        this(false);
    }

    private NamedSequence(boolean positional) {
        this.positional = positional;
    }

    /**
     * A sequence that maps onto a state dict by position, as an {@code nn.Sequential} does, while
     * naming some children itself: a {@link ChannelPaddedConv2d} added as {@code "Conv2d"} keeps a plain
     * convolution's parameter names ({@code 01features_01Conv2d_weight} is {@code features.0.weight}).
     */
    public static NamedSequence positional() {
        return new NamedSequence(true);
    }

    /** Whether this sequence maps by position (its children's names are for DJL only). */
    public boolean isPositional() {
        return positional;
    }

    /** Appends {@code block} under {@code name} (no underscores: DJL joins name segments with them). */
    public NamedSequence add(String name, Block block) {
        if (name == null || name.isEmpty() || name.contains("_")) {
            throw new IllegalArgumentException("child name must be non-empty without '_', got " + name);
        }
        addChildBlock(name, block);
        return this;
    }

    /** Appends {@code block} under its class name, as a {@code SequentialBlock} does (chains with the named add). */
    @Override
    public NamedSequence add(Block block) {
        super.add(block);
        return this;
    }

    /** Replaces the last child by {@code block} under the same name (so parameter names stay as they were). */
    public void replaceLast(Block block) {
        if (children.isEmpty()) {
            throw new IllegalStateException("the sequence is empty: nothing to replace");
        }
        String key = children.keyAt(children.size() - 1);
        children.remove(children.size() - 1);
        children.add(key, block);
    }
}
