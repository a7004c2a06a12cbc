package dev.classicnets.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.testing.StateDictKeyList;
import dev.classicnets.common.transfer.StateDictMapping;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published parameter counts (1000 classes, 224x224) and the naming against torchvision. */
class VggParametersTest {

    /** A, B, D and E (vgg11 ... vgg19_bn) are counted in {@link RegistryTest}. */
    @ParameterizedTest
    @CsvSource({
        "A_LRN, false, 132863336", "C, false, 133638952",
        // not in the issue: batch norm adds 2 x channels, 2 x (64*2 + 128*2 + 256*3 + 512*6) = 8448 for C
        "A_LRN, true, 132868840", "C, true, 133647400"})
    void summaryCountsThePublishedParameters(Vgg.Config config, boolean batchNorm, long expected) {
        ModelSummary summary = Vgg.summary(config, batchNorm, 224, 1000);
        assertEquals(expected, summary.totalParameters());
        assertTrue(summary.format().contains("(" + expected + ")"), summary.format());
        List<ModelSummary.Row> rows = summary.rows();
        assertEquals(new Shape(1, 1000), rows.get(rows.size() - 1).outputShape());
    }

    @ParameterizedTest
    @CsvSource({"A, false", "A, true", "B, false", "B, true", "D, false", "D, true", "E, false", "E, true"})
    void mapsOneToOneOntoTorchvisionsStateDict(Vgg.Config config, boolean batchNorm) throws Exception {
        String model = config.torchvisionName(batchNorm).orElseThrow();
        StateDictKeyList reference = StateDictKeyList.read(getClass(), model);
        Vgg net = Vgg.builder().config(config).optBatchNorm(batchNorm).numClasses(1000).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            // shapes need an initialised network; zeros are quicker than the random default
            net.setInitializer(Initializer.ZEROS, p -> true);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            StateDictMapping mapping = net.torchvisionMapping();
            reference.assertMappedBy(mapping);
            assertEquals("torchvision " + model, mapping.description());
        }
    }

    @Test
    void torchvisionHasNoALrnOrC() {
        for (Vgg.Config c : new Vgg.Config[] {Vgg.Config.A_LRN, Vgg.Config.C}) {
            Vgg net = Vgg.builder().config(c).numClasses(10).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, net::torchvisionMapping);
            assertEquals("torchvision has no VGG " + c.cliName()
                    + "; only A, B, D and E map onto vgg11, vgg13, vgg16 and vgg19", e.getMessage());
        }
    }

    @Test
    void torchvisionNames() {
        assertEquals("vgg11", Vgg.Config.A.torchvisionName(false).orElseThrow());
        assertEquals("vgg13_bn", Vgg.Config.B.torchvisionName(true).orElseThrow());
        assertEquals("vgg16", Vgg.Config.D.torchvisionName(false).orElseThrow());
        assertEquals("vgg19_bn", Vgg.Config.E.torchvisionName(true).orElseThrow());
        assertTrue(Vgg.Config.C.torchvisionName(false).isEmpty());
        assertTrue(Vgg.Config.A_LRN.torchvisionName(true).isEmpty());
    }
}
