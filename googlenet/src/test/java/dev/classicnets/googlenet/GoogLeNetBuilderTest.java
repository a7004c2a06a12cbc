package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ModelSummary;
import org.junit.jupiter.api.Test;

class GoogLeNetBuilderTest {

    @Test
    void commandLineNames() {
        assertEquals(Variant.PAPER, Variant.of("paper"));
        assertEquals(Variant.TORCHVISION, Variant.of("TorchVision"));
        assertEquals(Inception.NAIVE, Inception.of("naive"));
        assertEquals(Inception.REDUCED, Inception.of("reduced"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variant.of("caffe"));
        assertEquals("unknown GoogLeNet variant 'caffe'; allowed: [paper, torchvision]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Inception.of("v3"));
        assertEquals("unknown inception form 'v3'; allowed: [naive, reduced]", e.getMessage());
    }

    @Test
    void invalidValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoogLeNet.builder().build());
        assertEquals("numClasses must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GoogLeNet.builder().numClasses(10).optInChannels(-1).build());
        assertEquals("inChannels must be >= 1, got -1", e.getMessage());
    }

    @Test
    void wrongChannelsAreRejected() {
        GoogLeNet net = GoogLeNet.builder().numClasses(10).optInChannels(1).build();
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64)));
            assertEquals("GoogLeNet(paper, reduced) expects (N, 1, H, W) input with H, W >= 31, got (1, 3, 64, 64)",
                    e.getMessage());
        }
    }

    @Test
    void theTableHasNineRowsAndTheReducedModulesEndAt1024Channels() {
        assertEquals(9, GoogLeNet.INCEPTION_ROWS.size());
        int channels = 192;
        for (InceptionRow row : GoogLeNet.INCEPTION_ROWS) {
            channels = row.outChannels(Inception.REDUCED, channels);
        }
        assertEquals(1024, channels);
    }

    @Test
    void summaryTotalsAreTheParameterCounts() {
        ModelSummary plain = GoogLeNet.summary(GoogLeNet.builder().numClasses(1000).build(), 224);
        assertEquals(6_998_552L, plain.totalParameters());
        assertTrue(plain.format().contains("6998552"), plain.format());
        assertTrue(plain.format().contains("(1, 1024, 7, 7)"), "5b at 7x7x1024:\n" + plain.format());

        ModelSummary aux = GoogLeNet.summary(
                GoogLeNet.builder().variant(Variant.TORCHVISION).aux(true).numClasses(1000).build(), 96);
        assertEquals(13_004_888L, aux.totalParameters());
        assertTrue(aux.format().contains("13004888"), aux.format());
    }

    @Test
    void replacingTheHeadKeepsTheAuxiliaryHeadsInPlace() {
        GoogLeNet net = GoogLeNet.builder().aux(true).numClasses(10).build();
        Block newHead = Linear.builder().setUnits(3).build();
        net.replaceHead(newHead);
        assertSame(newHead, net.head());
        assertSame(net.auxiliaryHeads(), net.getChildren().valueAt(3));
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, 64, 64);
            net.initialize(m, DataType.FLOAT32, input);
            NDList out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(input)), true);
            assertEquals(new Shape(2, 3), out.get(0).getShape());
            assertEquals(new Shape(2, 10), out.get(1).getShape());
        }
    }
}
