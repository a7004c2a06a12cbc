package dev.classicnets.common.registry;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every network on the classpath by name ({@code resnet50}, {@code vgg16_bn}, {@code lenet5}, ...):
 * each architecture module registers a {@link ModelProvider} with {@link ServiceLoader}, so that
 * {@code common} can build, count, test and import weights for any network without depending on
 * its module. Names are torchvision's where the network has a torchvision counterpart.
 *
 * <pre>{@code
 * Block net = ModelRegistry.get("resnet18").build(10, 1); // 10 classes, grey input
 * }</pre>
 *
 * <p>The providers are loaded once, on first use, with the thread's context class loader.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** Loaded on first use (the holder idiom: thread-safe, no lock afterwards). */
    private static final class Installed {
        static final Catalog CATALOG = new Catalog(ServiceLoader.load(ModelProvider.class));
    }

    /** Every registered name, grouped by provider (providers by class name), each in its provider's order. */
    public static List<String> names() {
        return Installed.CATALOG.names();
    }

    /** Every registered entry, in the order of {@link #names()}. */
    public static List<ModelEntry> all() {
        return Installed.CATALOG.all();
    }

    /** The entry called {@code name} (case and surrounding blanks do not matter), if there is one. */
    public static Optional<ModelEntry> find(String name) {
        return Installed.CATALOG.find(name);
    }

    /**
     * The entry called {@code name} (case and surrounding blanks do not matter).
     *
     * @throws IllegalArgumentException naming the closest known name, if one is close, and all of them
     */
    public static ModelEntry get(String name) {
        return Installed.CATALOG.get(name);
    }

    /** The entries that {@code provider} registered through {@link ServiceLoader} (none if it is not registered). */
    public static List<ModelEntry> providedBy(Class<? extends ModelProvider> provider) {
        return Installed.CATALOG.providedBy(provider);
    }
}
