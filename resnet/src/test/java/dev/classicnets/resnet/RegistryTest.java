package dev.classicnets.resnet;

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
        return ModelRegistry.providedBy(ResNetModels.class);
    }

    @Test
    void registersItsNetworksByName() {
        RegistryChecks.assertRegistered(ResNetModels.class,
                "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
                "resnet20", "resnet32", "resnet44", "resnet56", "resnet110",
                "plain18", "plain34", "plain20", "plain32", "plain44", "plain56", "plain110");
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
