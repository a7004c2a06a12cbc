package dev.classicnets.vaegan;

import dev.classicnets.common.registry.ModelEntry;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over the discriminator and the feature classifier. */
class RegistryTest extends AbstractRegistryTest {
    RegistryTest() {
        super(VaeGanModels.class, "dcgan-discriminator", "frechet-lenet");
    }

    /** Neither is fine-tuned through a class head: one scores real against fake, one only lends its features. */
    @Override
    protected boolean hasReplaceableHead(ModelEntry entry) {
        return false;
    }
}
