package dev.classicnets.resnet;

import dev.classicnets.common.testing.AbstractRegistryTest;

/** The registry's checks over this module's networks at full width. */
class RegistryTest extends AbstractRegistryTest {

    RegistryTest() {
        super(ResNetModels.class,
                "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
                "resnet20", "resnet32", "resnet44", "resnet56", "resnet110",
                "plain18", "plain34", "plain20", "plain32", "plain44", "plain56", "plain110");
    }
}
