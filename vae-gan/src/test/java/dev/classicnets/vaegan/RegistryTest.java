package dev.classicnets.vaegan;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over the discriminator and the feature classifier. */
class RegistryTest extends AbstractRegistryTest {
    RegistryTest() {
        super(VaeGanModels.class, "dcgan-discriminator", "frechet-lenet");
    }
}
