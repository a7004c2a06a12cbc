package dev.classicnets.resnet;

import dev.classicnets.common.testing.AbstractTorchvisionParityTest;
import dev.classicnets.common.testing.TorchvisionParity;
import java.util.List;

/** torchvision's resnet18 ... resnet152 against ours, both ways. */
class TorchvisionParityTest extends AbstractTorchvisionParityTest {

    @Override
    protected List<Model<?>> models() {
        return List.of(18, 34, 50, 101, 152).stream()
                .<Model<?>>map(depth -> new Model<>("resnet" + depth,
                        () -> ResNet.builder().depth(depth).numClasses(1000).build(), 72, TorchvisionParity::logits))
                .toList();
    }
}
