package dev.classicnets.vgg;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over this module's networks at full width. */
class RegistryTest extends AbstractRegistryTest {

    RegistryTest() {
        super(VggModels.class,
                "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn");
    }
}
