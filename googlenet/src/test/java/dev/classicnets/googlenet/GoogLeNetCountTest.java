package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.nn.Parameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trainable parameters with 1000 classes, at 224x224 and at a small input (initialise only). */
class GoogLeNetCountTest {

    @ParameterizedTest(name = "{0} aux={1} at {3}x{3} -> {2}")
    @CsvSource({
        // without auxiliary heads (6,998,552 and 6,624,904): RegistryTest
        "PAPER, true, 13378280, 224", "TORCHVISION, true, 13004888, 224",
        "PAPER, true, 13378280, 64", "TORCHVISION, true, 13004888, 32",
    })
    void counts(Variant variant, boolean aux, long expected, int size) {
        GoogLeNet net = GoogLeNet.builder().variant(variant).aux(aux).numClasses(1000).build();
        assertEquals(expected, count(net, new Shape(1, 3, size, size)));
    }

    static long count(GoogLeNet net, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            return Parameters.countTrainable(net);
        }
    }
}
