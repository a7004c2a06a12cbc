package dev.classicnets.googlenet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelRegistry;
import dev.classicnets.common.testing.RegistryChecks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry's checks over this module's networks at full width (see {@link RegistryChecks}). */
class RegistryTest {

    static List<ModelEntry> entries() {
        return ModelRegistry.providedBy(GoogLeNetModels.class);
    }

    @Test
    void registersItsNetworksByName() {
        RegistryChecks.assertRegistered(GoogLeNetModels.class, "googlenet", "googlenet-paper");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void trainsEveryParameter(ModelEntry entry) {
        RegistryChecks.assertTrainsEveryParameter(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void hasThePublishedParameterCount(ModelEntry entry) {
        RegistryChecks.assertReferenceParameterCount(entry);
    }
}
