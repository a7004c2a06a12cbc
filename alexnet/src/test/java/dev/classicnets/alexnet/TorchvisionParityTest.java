package dev.classicnets.alexnet;

import dev.classicnets.common.testing.AbstractTorchvisionParityTest;
import dev.classicnets.common.testing.TorchvisionParity;
import java.util.List;

/** torchvision's alexnet() against ours, both ways (classifier narrowed as in the script). */
class TorchvisionParityTest extends AbstractTorchvisionParityTest {

    @Override
    protected List<Model<?>> models() {
        return List.of(new Model<>("alexnet", () -> AlexNet.builder().variant(AlexNet.Variant.TORCHVISION)
                .numClasses(1000).optClassifierWidth(HIDDEN).build(), 100, TorchvisionParity::logits));
    }
}
