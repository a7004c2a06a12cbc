package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * timm-style checks on every variant: forward and backward on a small batch reach every parameter
 * (the auxiliary heads through their outputs in training mode) with a finite, non-zero gradient;
 * outputs are (N, classes); parameters survive a save/load round trip. 7 classes catch a hard-coded
 * class count.
 */
class GoogLeNetTrainingTest {

    private static final int CLASSES = 7;

    /**
     * Naive networks have 97M parameters and cost seconds each: one per variant, aux once. Both
     * variants without auxiliary heads: RegistryTest.
     */
    @ParameterizedTest(name = "{0} {1} aux={2} at {4}ch {3}x{3}")
    @CsvSource({
        "PAPER, REDUCED, true, 48, 3",
        "PAPER, NAIVE, true, 48, 1",
        "TORCHVISION, REDUCED, true, 28, 3",
        "TORCHVISION, NAIVE, false, 28, 3",
    })
    void everyVariantTrains(Variant variant, Inception form, boolean aux, int size, int channels) {
        GoogLeNet net = GoogLeNet.builder().variant(variant).inception(form).aux(aux).numClasses(CLASSES)
                .optInChannels(channels).build();
        BlockChecks.assertTrainsEveryParameter(net, new Shape(2, channels, size, size), CLASSES);
    }

    @ParameterizedTest(name = "{0} aux={1}")
    @CsvSource({"PAPER, true, 3", "TORCHVISION, false, 1"})
    void auxiliaryOutputsOnlyInTraining(Variant variant, boolean aux, int trainingOutputs) {
        GoogLeNet net = GoogLeNet.builder().variant(variant).aux(aux).numClasses(CLASSES).build();
        Shape input = new Shape(2, 3, 48, 48);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            net.initialize(m, DataType.FLOAT32, input);
            NDList x = new NDList(m.randomNormal(input));
            ParameterStore ps = new ParameterStore(m, false);
            NDList train = net.forward(ps, x, true);
            assertEquals(trainingOutputs, train.size());
            for (int i = 0; i < train.size(); i++) {
                assertEquals(new Shape(2, CLASSES), train.get(i).getShape());
            }
            assertEquals(1, net.forward(ps, x, false).size());
        }
    }

    @ParameterizedTest(name = "{0} aux={1}")
    @CsvSource({"PAPER, true", "TORCHVISION, false"})
    void saveLoadRoundTrip(Variant variant, boolean aux) throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(
                () -> GoogLeNet.builder().variant(variant).aux(aux).numClasses(CLASSES).build(), new Shape(2, 3, 48, 48));
    }
}
