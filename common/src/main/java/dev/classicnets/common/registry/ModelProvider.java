package dev.classicnets.common.registry;

import java.util.List;

/**
 * What an architecture module registers with {@link java.util.ServiceLoader}, so that {@link
 * ModelRegistry} finds its networks without {@code common} depending on the module: a class with a
 * public no-argument constructor, named in the module's {@code
 * src/main/resources/META-INF/services/dev.classicnets.common.registry.ModelProvider}.
 */
public interface ModelProvider {

    /** The module's networks, each under a name unique across all modules. */
    List<ModelEntry> models();
}
