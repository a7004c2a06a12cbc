package dev.classicnets.common.registry;

import ai.djl.nn.Block;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What rebuilds a network: its {@link ModelRegistry} name and the options its entry takes beyond the
 * class and channel counts ({@code width_multiplier=0.5}), values as text. A run records it in
 * {@code classifier.json}, so that {@code Classifier.load} can rebuild the network from the run directory
 * alone, with whatever module provides the name on the classpath.
 *
 * @param name the registry name, e.g. {@code resnet20}
 * @param options the entry's options by name, empty for its defaults
 */
public record Architecture(String name, Map<String, String> options) {

    public Architecture {
        Objects.requireNonNull(name, "name");
        options = Map.copyOf(options);
    }

    /** The network {@code name} with its defaults. */
    public static Architecture of(String name) {
        return new Architecture(name, Map.of());
    }

    /** A fresh, uninitialised network for {@code numClasses} classes and {@code inChannels} input channels. */
    public Block build(int numClasses, int inChannels) {
        return ModelRegistry.get(name).build(numClasses, inChannels, options);
    }

    @Override
    public String toString() {
        return options.isEmpty() ? name : name + new TreeMap<>(options);
    }
}
