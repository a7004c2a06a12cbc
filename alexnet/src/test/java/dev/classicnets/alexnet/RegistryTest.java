package dev.classicnets.alexnet;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over this module's networks at full width. */
class RegistryTest extends AbstractRegistryTest {

    RegistryTest() {
        super(AlexNetModels.class, "alexnet", "alexnet-paper", "alexnet-one-tower");
    }
}
