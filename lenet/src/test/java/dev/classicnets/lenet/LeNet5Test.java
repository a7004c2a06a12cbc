package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.testing.BlockChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeNet5Test {

    @ParameterizedTest
    @EnumSource(LeNet5.Variant.class)
    void hasTheCoursesWeightCount(LeNet5.Variant variant) {
        ClassifierBlock net = LeNet5.builder().variant(variant).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertEquals(61_706, Parameters.countTrainable(net));
            assertEquals(61_470, Parameters.countTrainable(net, Parameter.Type.WEIGHT));
        }
    }

    @Test
    void thePapersInputIs32x32WithoutPadding() {
        ModelSummary s = ModelSummary.of(LeNet5.builder().optImageSize(32).build(), new Shape(1, 1, 32, 32), 3);
        assertEquals(new Shape(1, 6, 28, 28), s.rows().get(0).outputShape());
        assertEquals(61_706, s.totalParameters());
    }

    @Test
    void saveAndLoadGiveTheSameOutputs() throws Exception {
        BlockChecks.assertSaveLoadRoundTrip(() -> LeNet5.builder().build(), new Shape(2, 1, 28, 28));
    }

    @Test
    void rejectsSizesItWasNotDesignedFor() {
        assertEquals("LeNet-5 takes 28x28 or 32x32 images, got 64x64", assertThrows(IllegalArgumentException.class,
                () -> LeNet5.builder().optImageSize(64).build()).getMessage());
        assertEquals("numClasses must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> LeNet5.builder().numClasses(0).build()).getMessage());
        assertEquals("unknown LeNet-5 variant 'lenet4'; expected classic or modern",
                assertThrows(IllegalArgumentException.class, () -> LeNet5.Variant.parse("lenet4")).getMessage());
    }
}
