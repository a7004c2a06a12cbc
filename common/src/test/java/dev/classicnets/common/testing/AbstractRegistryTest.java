package dev.classicnets.common.testing;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.ModelRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry's checks over one module's networks at full width (see {@link RegistryChecks}): each module's
 * {@code RegistryTest} names its provider and the networks it must register.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractRegistryTest {

    private final Class<? extends ModelProvider> provider;
    private final String[] names;

    protected AbstractRegistryTest(Class<? extends ModelProvider> provider, String... names) {
        this.provider = provider;
        this.names = names.clone();
    }

    List<ModelEntry> entries() {
        return ModelRegistry.providedBy(provider);
    }

    @Test
    void registersItsNetworksByName() {
        RegistryChecks.assertRegistered(provider, names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void trainsEveryParameter(ModelEntry entry) {
        RegistryChecks.assertTrainsEveryParameter(entry);
    }

    /**
     * {@code replaceHead(n)} gives the parameter names of the network built for {@code n} classes (so a
     * fine-tuned network reloads into it), for every network, with every option its entry takes left default.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void replaceHeadKeepsTheParameterNamesOfANetworkBuiltForTheNewCount(ModelEntry entry) {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasReplaceableHead(entry), entry + " has no class head to replace");
        RegistryChecks.assertReplaceHeadKeepsNames(entry);
    }

    /**
     * Whether {@code entry} is a classifier whose head {@code replaceHead} swaps: every classifier module's
     * network is; a GAN's one-logit discriminator or a module's internal feature network need not be.
     */
    protected boolean hasReplaceableHead(ModelEntry entry) {
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void noConvolutionHitsTheOneDnnFaults(ModelEntry entry) {
        RegistryChecks.assertNoConvolutionHitsTheOneDnnFaults(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void gradientsMatchFloat64(ModelEntry entry) {
        RegistryChecks.assertGradientsMatchFloat64(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void channelsLastGivesTheGradientsOfTheDefaultLayout(ModelEntry entry) {
        RegistryChecks.assertChannelsLastMatchesTheDefaultLayout(entry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void hasThePublishedParameterCount(ModelEntry entry) {
        RegistryChecks.assertReferenceParameterCount(entry);
    }
}
