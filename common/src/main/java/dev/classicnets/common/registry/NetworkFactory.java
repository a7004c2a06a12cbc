package dev.classicnets.common.registry;

import ai.djl.nn.Block;

/** Builds a fresh, uninitialised network for a class count and an input channel count. */
@FunctionalInterface
public interface NetworkFactory {

    /**
     * @param numClasses outputs of the last layer, at least 1
     * @param inChannels channels of the input image, at least 1
     */
    Block build(int numClasses, int inChannels);
}
