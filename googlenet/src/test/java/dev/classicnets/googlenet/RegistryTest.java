package dev.classicnets.googlenet;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over this module's networks at full width. */
class RegistryTest extends AbstractRegistryTest {

    RegistryTest() {
        super(GoogLeNetModels.class, "googlenet", "googlenet-paper");
    }
}
