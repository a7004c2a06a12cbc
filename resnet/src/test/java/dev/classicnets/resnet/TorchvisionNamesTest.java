package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.classicnets.common.testing.StateDictKeyList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our parameters against torchvision's state dicts (test resources written by state_dict_keys.py). */
class TorchvisionNamesTest {

    @ParameterizedTest(name = "resnet{0}")
    @ValueSource(ints = {18, 34, 50, 101, 152})
    void everyParameterHasATorchvisionKeyOfTheSameShape(int depth) throws Exception {
        StateDictKeyList reference = StateDictKeyList.read(getClass(), "resnet" + depth);
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = ResNet.builder().depth(depth).numClasses(1000).build();
            net.setInitializer(Initializer.ZEROS, p -> true); // only the shapes matter
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            reference.assertMappedBy(net.torchvisionMapping());
        }
    }

    @Test
    void renamesDjlPathsToModulePaths() {
        PairList<String, String> pairs = ResNet.builder().depth(152).numClasses(1000).build()
                .torchvisionMapping().pairs();
        assertEquals("layer1.0.conv1.weight", pairs.get("01features_05layer1_010_01conv1_weight"));
        assertEquals("layer3.35.bn2.running_var", pairs.get("01features_07layer3_3635_04bn2_runningVar"));
        assertEquals("layer2.0.downsample.1.bias", pairs.get("01features_06layer2_010_07downsample_021_beta"));
        assertEquals("fc.weight", pairs.get("03head_01fc_weight"));
    }

    @Test
    void rejectsNetworksTorchvisionDoesNotHave() {
        ResNet cifar = ResNet.builder().depth(56).numClasses(10).build();
        assertEquals("torchvision has no counterpart of ResNet-56; it has resnet18, resnet34, resnet50, resnet101"
                + " and resnet152", assertThrows(IllegalArgumentException.class, cifar::torchvisionMapping)
                .getMessage());
        ResNet plain = ResNet.builder().depth(18).plain(true).numClasses(10).build();
        assertThrows(IllegalArgumentException.class, plain::torchvisionMapping);
    }
}
