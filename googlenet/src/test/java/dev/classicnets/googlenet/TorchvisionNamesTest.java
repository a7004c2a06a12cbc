package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our parameters against torchvision's googlenet state dict (test resources from state_dict_keys.py). */
class TorchvisionNamesTest {

    @ParameterizedTest(name = "aux={0}")
    @ValueSource(booleans = {false, true})
    void everyParameterHasATorchvisionKeyOfTheSameShape(boolean aux) throws Exception {
        TorchvisionReference reference = TorchvisionReference.load(aux ? "googlenet_aux" : "googlenet");
        try (NDManager m = NDManager.newBaseManager()) {
            GoogLeNet net = GoogLeNet.builder().variant(Variant.TORCHVISION).aux(aux).numClasses(1000).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            PairList<String, String> mapping = TorchvisionNames.of(net);
            assertEquals(net.getParameters().size(), mapping.size(), "one pair per DJL parameter");
            Set<String> seen = new HashSet<>();
            for (Pair<String, String> pair : mapping) {
                String key = pair.getValue();
                assertTrue(reference.shapes().containsKey(key), pair.getKey() + " -> " + key + " not in torchvision");
                assertTrue(seen.add(key), key + " mapped twice");
                assertEquals(reference.shapes().get(key), net.getParameters().get(pair.getKey()).getShape(), key);
            }
            for (String key : reference.shapes().keySet()) {
                assertTrue(seen.contains(key) || key.endsWith(".num_batches_tracked"), "unmapped torchvision key " + key);
            }
        }
    }

    @Test
    void renamesDjlPathsToModulePaths() {
        assertEquals("inception3a.branch2.0.conv.weight",
                TorchvisionNames.torchKey("01features_08inception3a_02branch2_010_01conv_weight"));
        assertEquals("aux2.conv.bn.running_mean",
                TorchvisionNames.torchKey("04auxiliary_02aux2_02conv_02bn_runningMean"));
        assertEquals("fc.bias", TorchvisionNames.torchKey("03head_02fc_bias"));
    }

    @Test
    void onlyTheTorchvisionReducedNetworkHasACounterpart() {
        assertThrows(IllegalArgumentException.class,
                () -> TorchvisionNames.of(GoogLeNet.builder().variant(Variant.PAPER).numClasses(10).build()));
        assertThrows(IllegalArgumentException.class, () -> TorchvisionNames.of(GoogLeNet.builder()
                .variant(Variant.TORCHVISION).inception(Inception.NAIVE).numClasses(10).build()));
    }
}
