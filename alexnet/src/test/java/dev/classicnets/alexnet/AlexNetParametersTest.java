package dev.classicnets.alexnet;

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

/** The published parameter counts and the one-to-one naming against torchvision (1000 classes). */
class AlexNetParametersTest {

    @ParameterizedTest
    @CsvSource({"PAPER, 227, 60965224", "ONE_TOWER, 227, 62378344", "TORCHVISION, 224, 61100840"})
    void summaryCountsThePublishedParameters(AlexNet.Variant variant, int size, long expected) {
        ModelSummary summary = AlexNet.summary(variant, size, 1000);
        assertEquals(expected, summary.totalParameters());
        assertTrue(summary.format().contains("(" + expected + ")"), summary.format());
        // the 6x6 map before the classifier, then the 1000 logits
        List<ModelSummary.Row> rows = summary.rows();
        assertEquals(new Shape(1, 1000), rows.get(rows.size() - 1).outputShape());
    }

    @Test
    void adaptivePoolingKeepsTheCountAtTheSmallestInput() {
        AlexNet.Variant v = AlexNet.Variant.TORCHVISION;
        assertEquals(61_100_840L, AlexNet.summary(v, v.minInputSize(), 1000).totalParameters());
    }

    @Test
    void torchvisionVariantMapsOneToOneOntoTorchvisionsStateDict() throws Exception {
        StateDictKeyList reference = StateDictKeyList.read(getClass(), "alexnet");
        AlexNet net = AlexNet.builder().variant(AlexNet.Variant.TORCHVISION).numClasses(1000).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.setInitializer(Initializer.ZEROS, p -> true); // only the shapes matter here
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            StateDictMapping mapping = net.torchvisionMapping();
            reference.assertMappedBy(mapping);
            assertEquals("features.0.weight", mapping.pairs().get(0).getValue());
            assertEquals("01features_01Conv2d_weight", mapping.pairs().get(0).getKey());
        }
    }

    @Test
    void onlyTheTorchvisionVariantHasTorchvisionKeys() {
        AlexNet paper = AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, paper::torchvisionMapping);
        assertEquals("only the torchvision variant has torchvision weights, got paper", e.getMessage());
    }
}
