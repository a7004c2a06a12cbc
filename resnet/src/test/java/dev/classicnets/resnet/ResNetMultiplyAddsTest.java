package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.nn.MultiplyAdds;
import dev.classicnets.common.testing.StateDictKeyList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multiply-adds at 224x224 against torchvision's, counted by forward hooks in state_dict_keys.py. */
class ResNetMultiplyAddsTest {

    @ParameterizedTest(name = "resnet{0}")
    @ValueSource(ints = {18, 50})
    void matchTorchvision(int depth) throws Exception {
        long expected = StateDictKeyList.read(getClass(), "resnet" + depth).multiplyAdds224().orElseThrow();
        assertEquals(expected, macs(ResNet.builder().depth(depth).numClasses(1000).build()));
    }

    @Test
    void theStrideOnThe1x1IsCheaper() {
        long torchvision = macs(ResNet.builder().depth(50).numClasses(1000).build());
        long paper = macs(ResNet.builder().depth(50).numClasses(1000).optStrideOn1x1(true).build());
        // the 3x3s of the three downsampling blocks run at a quarter of the positions
        assertTrue(paper < torchvision, paper + " vs " + torchvision);
    }

    private static long macs(ResNet net) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            return MultiplyAdds.count(net);
        }
    }
}
