package dev.classicnets.lenet;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over this module's networks at full width. */
class RegistryTest extends AbstractRegistryTest {

    RegistryTest() {
        super(LeNetModels.class, "lenet5", "lenet5-classic", "softmax", "mlp");
    }
}
