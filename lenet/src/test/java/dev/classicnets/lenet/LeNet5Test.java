package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.testing.BlockChecks;
import java.util.ArrayList;
import java.util.List;
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

    /** Modern LeNet-5 pools before its ReLU; it must compute what the usual order (ReLU, then pool) does. */
    @Test
    void poolingBeforeReluIsTheUsualOrdersFunctionAndGradient() {
        ClassifierBlock net = LeNet5.builder().build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(8, 1, 28, 28));
            List<Block> layers = net.features().getChildren().values();
            Shape two = new Shape(2, 2);
            SequentialBlock usualOrder = new SequentialBlock(); // the same convolutions, ReLU first
            for (int c : new int[] {0, 3}) {
                usualOrder.add(layers.get(c)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(two, two));
            }
            usualOrder.add(layers.get(6)).add(Activation.reluBlock());
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(8, 1, 28, 28));
            NDArray dy = m.randomNormal(new Shape(8, 120, 1, 1));
            List<NDArray> ours = forwardAndGradients(net.features(), x, dy);
            List<NDArray> usual = forwardAndGradients(usualOrder, x, dy);
            assertTrue(ours.get(0).gt(0).sum().getLong() > 100, "the test needs ReLU to pass some values");
            for (int i = 0; i < ours.size(); i++) {
                assertEquals(0f, ours.get(i).sub(usual.get(i)).abs().max().getFloat(), 1e-6f, "output/gradient " + i);
            }
        }
    }

    /** The output, then the gradients of the input and of every parameter, for the output gradient dy. */
    private static List<NDArray> forwardAndGradients(Block block, NDArray x, NDArray dy) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        List<NDArray> results = new ArrayList<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(x.getManager(), false), new NDList(input), true).head();
            gc.backward(y.mul(dy).sum());
            results.add(y.duplicate());
        }
        results.add(input.getGradient().duplicate());
        for (Parameter p : block.getParameters().values()) {
            results.add(p.getArray().getGradient().duplicate());
            p.getArray().getGradient().subi(p.getArray().getGradient()); // PyTorch accumulates gradients
        }
        return results;
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
