package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The smallest input each variant takes: it runs at the minimum, is rejected with a clear message
 * one pixel below, and one pixel below is where libtorch's pooling itself gives up (so the minimum
 * is not merely a guess on the safe side).
 */
class MinimumInputSizeTest {

    @ParameterizedTest(name = "{0} aux={1}: {2}")
    @CsvSource({"PAPER, false, 31", "PAPER, true, 47", "TORCHVISION, false, 15", "TORCHVISION, true, 15"})
    void minimumRunsAndOneLessIsRejected(Variant variant, boolean aux, int minimum) {
        assertEquals(minimum, GoogLeNet.minimumInputSize(variant, aux));
        GoogLeNet net = GoogLeNet.builder().variant(variant).aux(aux).numClasses(5).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Shape ok = new Shape(2, 3, minimum, minimum);
            net.initialize(m, DataType.FLOAT32, ok);
            ParameterStore ps = new ParameterStore(m, false);
            assertEquals(aux ? 3 : 1, net.forward(ps, new NDList(m.randomNormal(ok)), true).size());

            Shape small = new Shape(2, 3, minimum, minimum - 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(ps, new NDList(m.zeros(small)), false));
            assertTrue(e.getMessage().contains("H, W >= " + minimum) && e.getMessage().contains(small.toString()),
                    e.getMessage());
        }
    }

    @Test
    void belowTheMinimumLibtorchPoolingFails() {
        try (NDManager m = NDManager.newBaseManager()) {
            // the paper variant's trunk at 30x30: the max pool before 5a has no valid window
            Block paper = GoogLeNet.builder().variant(Variant.PAPER).numClasses(5).build().features();
            assertThrows(Exception.class, () -> paper.initialize(m, DataType.FLOAT32, new Shape(1, 3, 30, 30)));
            // torchvision's at 14x14: the max pool before 4a has no valid window
            Block tv = GoogLeNet.builder().variant(Variant.TORCHVISION).numClasses(5).build().features();
            assertThrows(Exception.class, () -> tv.initialize(m, DataType.FLOAT32, new Shape(1, 3, 14, 14)));
            // the paper's auxiliary 5x5/3 pool on 4a's 2x2 map at 46x46 (3x3 at 47x47)
            GoogLeNet aux = GoogLeNet.builder().variant(Variant.PAPER).aux(true).numClasses(5).build();
            assertThrows(Exception.class, () -> aux.auxiliaryHeads().initialize(m, DataType.FLOAT32,
                    new Shape(1, 512, 2, 2), new Shape(1, 528, 2, 2)));
            aux.auxiliaryHeads().initialize(m, DataType.FLOAT32, new Shape(1, 512, 3, 3), new Shape(1, 528, 3, 3));
        }
    }

    @Test
    void summaryRejectsATooSmallImage() {
        GoogLeNet net = GoogLeNet.builder().variant(Variant.PAPER).aux(true).numClasses(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoogLeNet.summary(net, 32));
        assertTrue(e.getMessage().contains(">= 47"), e.getMessage());
    }
}
