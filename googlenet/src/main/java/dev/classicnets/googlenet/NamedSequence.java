package dev.classicnets.googlenet;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children carry names of our choosing instead of their class
 * names, so that parameter names read like torchvision's module paths ({@code
 * inception3a.branch2.0.conv}) and map onto its state dict (see {@link TorchvisionNames}).
 */
final class NamedSequence extends SequentialBlock {

    /** Appends {@code block} under {@code name} (no underscores: they separate name segments). */
    NamedSequence add(String name, Block block) {
        if (name.contains("_")) {
            throw new IllegalArgumentException("child name must not contain '_', got " + name);
        }
        addChildBlock(name, block);
        return this;
    }
}
