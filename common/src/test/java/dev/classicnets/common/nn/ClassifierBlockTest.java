package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;

class ClassifierBlockTest {

    private static ClassifierBlock tiny(int classes) {
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build());
        return new ClassifierBlock(features, Blocks.batchFlattenBlock(),
                Linear.builder().setUnits(classes).build());
    }

    @Test
    void trainsEveryParameterAndCountsThem() {
        ClassifierBlock net = tiny(7);
        // conv 4*1*3*3 + 4, linear (4*3*3)*7 + 7
        assertEquals(36 + 4 + 36 * 7 + 7, BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 1, 5, 5), 7));
    }

    @Test
    void replaceHeadKeepsTheTrunk() {
        ClassifierBlock net = tiny(7);
        var features = net.features();
        var newHead = Linear.builder().setUnits(3).build();
        net.replaceHead(newHead);
        assertSame(features, net.features());
        assertSame(newHead, net.head());
        assertEquals("03head", net.getChildren().keyAt(2));
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, 1, 5, 5), 3);
    }

    @Test
    void summaryListsLayersWithShapesAndTotal() {
        ModelSummary s = ModelSummary.of(tiny(7), new Shape(1, 1, 5, 5), 3);
        assertEquals(3, s.rows().size());
        assertEquals(new Shape(1, 4, 3, 3), s.rows().get(0).outputShape());
        assertEquals(36 + 4 + 36 * 7 + 7, s.totalParameters());
        assertTrue(s.format().contains("Total trainable parameters: 299"), s.format());
    }

    @Test
    void saveLoadRoundTrip() throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(() -> tiny(7), new Shape(2, 1, 5, 5));
    }
}
