package dev.classicnets.vgg;

import dev.classicnets.common.testing.AbstractTorchvisionParityTest;
import dev.classicnets.common.testing.TorchvisionParity;
import java.util.ArrayList;
import java.util.List;

/** torchvision's vgg11 ... vgg19_bn against ours, both ways (classifier narrowed as in the script). */
class TorchvisionParityTest extends AbstractTorchvisionParityTest {

    @Override
    protected List<Model<?>> models() {
        List<Model<?>> models = new ArrayList<>();
        for (Vgg.Config config : Vgg.Config.values()) {
            for (boolean batchNorm : new boolean[] {false, true}) {
                config.torchvisionName(batchNorm).ifPresent(name -> models.add(new Model<>(name,
                        () -> Vgg.builder().config(config).optBatchNorm(batchNorm).numClasses(1000)
                                .optClassifierWidth(HIDDEN).build(),
                        64, TorchvisionParity::logits)));
            }
        }
        return models;
    }
}
