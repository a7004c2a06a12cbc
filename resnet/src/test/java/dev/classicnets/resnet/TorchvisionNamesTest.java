package dev.classicnets.resnet;

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

/** Our parameters against torchvision's state dicts (test resources written by state_dict_keys.py). */
class TorchvisionNamesTest {

    @ParameterizedTest(name = "resnet{0}")
    @ValueSource(ints = {18, 34, 50, 101, 152})
    void everyParameterHasATorchvisionKeyOfTheSameShape(int depth) throws Exception {
        TorchvisionReference reference = TorchvisionReference.load("resnet" + depth);
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = ResNet.builder().depth(depth).numClasses(1000).build();
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
        assertEquals("layer1.0.conv1.weight", TorchvisionNames.torchKey("01features_05layer1_010_01conv1_weight"));
        assertEquals("layer3.35.bn2.running_var", TorchvisionNames.torchKey("01features_07layer3_3635_04bn2_runningVar"));
        assertEquals("layer2.0.downsample.1.bias", TorchvisionNames.torchKey("01features_06layer2_010_07downsample_021_beta"));
        assertEquals("fc.weight", TorchvisionNames.torchKey("03head_01fc_weight"));
    }

    @Test
    void rejectsNetworksTorchvisionDoesNotHave() {
        assertThrows(IllegalArgumentException.class,
                () -> TorchvisionNames.of(ResNet.builder().depth(56).numClasses(10).build()));
        assertThrows(IllegalArgumentException.class,
                () -> TorchvisionNames.of(ResNet.builder().depth(18).plain(true).numClasses(10).build()));
    }
}
