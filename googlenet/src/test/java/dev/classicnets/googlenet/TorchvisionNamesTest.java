package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.classicnets.common.testing.StateDictKeyList;
import dev.classicnets.common.transfer.StateDictMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our parameters against torchvision's googlenet state dict (test resources from state_dict_keys.py). */
class TorchvisionNamesTest {

    @ParameterizedTest(name = "aux={0}")
    @ValueSource(booleans = {false, true})
    void everyParameterHasATorchvisionKeyOfTheSameShape(boolean aux) throws Exception {
        StateDictKeyList reference = StateDictKeyList.read(getClass(), aux ? "googlenet_aux" : "googlenet");
        try (NDManager m = NDManager.newBaseManager()) {
            GoogLeNet net = GoogLeNet.builder().variant(Variant.TORCHVISION).aux(aux).numClasses(1000).build();
            net.setInitializer(Initializer.ZEROS, p -> true); // only the shapes matter
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            reference.assertMappedBy(net.torchvisionMapping());
        }
    }

    @Test
    void renamesDjlPathsToModulePaths() {
        GoogLeNet net = GoogLeNet.builder().variant(Variant.TORCHVISION).aux(true).optTransformInput(true)
                .numClasses(1000).build();
        PairList<String, String> pairs = net.torchvisionMapping().pairs();
        // the parameter-free transform_input shifts DJL's numbering, not torchvision's names
        assertEquals("inception3a.branch2.0.conv.weight",
                pairs.get("01features_07inception3a_02branch2_010_01conv_weight"));
        assertEquals("aux2.conv.bn.running_mean", pairs.get("04auxiliary_02aux2_02conv_02bn_runningMean"));
        assertEquals("fc.bias", pairs.get("03head_02fc_bias"));
    }

    @Test
    void onlyTheTorchvisionReducedNetworkHasACounterpart() {
        GoogLeNet paper = GoogLeNet.builder().variant(Variant.PAPER).numClasses(10).build();
        assertEquals("torchvision's googlenet is the torchvision variant with reduced inception modules, not "
                + paper, assertThrows(IllegalArgumentException.class, paper::torchvisionMapping).getMessage());
        GoogLeNet naive = GoogLeNet.builder().variant(Variant.TORCHVISION).inception(Inception.NAIVE)
                .numClasses(10).build();
        assertThrows(IllegalArgumentException.class, naive::torchvisionMapping);
    }

    @Test
    void transformInputNeedsThreeChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoogLeNet.builder()
                .variant(Variant.TORCHVISION).optTransformInput(true).optInChannels(1).numClasses(10).build());
        assertEquals("transformInput rescales the 3 ImageNet channels; inChannels is 1", e.getMessage());
    }

    @Test
    void mappingDescribesTheTorchvisionCall() {
        StateDictMapping m = GoogLeNet.builder().variant(Variant.TORCHVISION).numClasses(10).build()
                .torchvisionMapping();
        assertEquals("torchvision googlenet(aux_logits=False)", m.description());
    }
}
