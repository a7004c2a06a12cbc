package dev.classicnets.alexnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ModelSummary;
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
        List<TorchvisionReference> reference = TorchvisionReference.read("alexnet");
        AlexNet net = AlexNet.builder().variant(AlexNet.Variant.TORCHVISION).numClasses(1000).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.setInitializer(Initializer.ZEROS, p -> true); // only the shapes matter here
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            PairList<String, String> keys = AlexNet.torchvisionKeys(net);
            PairList<String, Parameter> params = net.getParameters();
            assertEquals(reference.size(), keys.size(), "one torchvision key per parameter");
            assertEquals(params.keys(), keys.keys(), "every DJL parameter, in order");
            for (int i = 0; i < keys.size(); i++) {
                Pair<String, String> pair = keys.get(i);
                assertEquals(reference.get(i).key(), pair.getValue(), "key for " + pair.getKey());
                assertEquals(reference.get(i).shape(), params.get(i).getValue().getArray().getShape(),
                        "shape of " + pair.getKey() + " vs " + pair.getValue());
            }
        }
    }

    @Test
    void onlyTheTorchvisionVariantHasTorchvisionKeys() {
        AlexNet paper = AlexNet.builder().variant(AlexNet.Variant.PAPER).numClasses(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlexNet.torchvisionKeys(paper));
        assertEquals("only the torchvision variant has torchvision weights, got paper", e.getMessage());
    }
}
