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

    /** Appends {@code block} under {@code name} (no underscores: DJL joins name segments with them). */
    public NamedSequence add(String name, Block block) {
        if (name == null || name.isEmpty() || name.contains("_")) {
            throw new IllegalArgumentException("child name must be non-empty without '_', got " + name);
        }
        addChildBlock(name, block);
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
