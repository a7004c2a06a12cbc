package dev.classicnets.googlenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.classicnets.common.testing.AbstractTorchvisionParityTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's googlenet() against ours, both ways: with transform_input and without auxiliary
 * heads (as its ImageNet weights are used), and with the heads, whose logits torchvision computes
 * only in training, compared on the maps of 4a and 4d in eval mode.
 */
class TorchvisionParityTest extends AbstractTorchvisionParityTest {

    @Override
    protected List<Model<?>> models() {
        return List.of(
                new Model<>("googlenet", () -> GoogLeNet.builder().variant(Variant.TORCHVISION)
                        .optTransformInput(true).numClasses(1000).build(), 80, TorchvisionParityTest::outputs),
                new Model<>("googlenet_aux", () -> GoogLeNet.builder().variant(Variant.TORCHVISION)
                        .aux(true).numClasses(1000).build(), 80, TorchvisionParityTest::outputs));
    }

    /** The logits, and each auxiliary head's on the map it taps. */
    private static Map<String, NDArray> outputs(Block block, ParameterStore ps, NDArray input) {
        GoogLeNet net = (GoogLeNet) block;
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("logits", net.forward(ps, new NDList(input), false).singletonOrThrow());
        if (!net.hasAuxiliaryHeads()) {
            return out;
        }
        NDList x = new NDList(input);
        NDList taps = new NDList();
        for (Pair<String, Block> layer : net.features().getChildren()) {
            x = layer.getValue().forward(ps, x, false);
            if (layer.getKey().endsWith("inception4a") || layer.getKey().endsWith("inception4d")) {
                taps.add(x.singletonOrThrow());
            }
        }
        NDList aux = net.auxiliaryHeads().forward(ps, taps, false);
        out.put("aux1", aux.get(0));
        out.put("aux2", aux.get(1));
        return out;
    }
}
