package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers that compute on their weights leave nothing in the model's manager: training steps in batch
 * managers that are then closed add no array to the manager the parameters live in. (DJL attaches an
 * op's result to its receiver's manager; before {@link Parameters#scopedTo}, every forward pass of a
 * transposed convolution left its reshaped weights there, and a channel-padded one its padded weights,
 * for as long as the model lived.)
 */
class BatchScopedArraysTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("ConvTranspose2d k4 s2 p1", (Supplier<Block>) () -> ConvTranspose2d.builder().setFilters(8)
                        .setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build(),
                        new Shape(2, 16, 6, 6)),
                Arguments.of("ConvTranspose2d k2 s2, one image", (Supplier<Block>) () -> ConvTranspose2d.builder()
                        .setFilters(8).setKernelShape(new Shape(2, 2)).optStride(new Shape(2, 2)).build(),
                        new Shape(1, 16, 6, 6)),
                Arguments.of("ChannelPaddedConv2d 24 -> 16", (Supplier<Block>) () -> ChannelPaddedConv2d.of(16, 3, 1, 1),
                        new Shape(2, 24, 6, 6)),
                Arguments.of("ChannelPaddedConv2d 16 -> 8", (Supplier<Block>) () -> ChannelPaddedConv2d.of(8, 3, 1, 1),
                        new Shape(2, 16, 6, 6)),
                Arguments.of("ChannelPaddedConv2d 16x5x5 -> 120, a matrix product", (Supplier<Block>) () ->
                        new ChannelPaddedConv2d(Conv2d.builder().setFilters(120).setKernelShape(new Shape(5, 5))),
                        new Shape(2, 16, 5, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void trainingStepsLeaveNothingInTheModelsManager(String name, Supplier<Block> layer, Shape input) {
        try (NDManager model = NDManager.newBaseManager()) {
            Block block = layer.get();
            block.initialize(model, DataType.FLOAT32, input);
            int before = model.getManagedArrays().size();
            for (int step = 0; step < 3; step++) {
                try (NDManager batch = model.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = batch.randomNormal(input);
                    NDArray y = block.forward(new ParameterStore(batch, false), new NDList(x), true).head();
                    gc.backward(y.sum());
                }
            }
            assertEquals(before, model.getManagedArrays().size(), name + ": arrays left in the model's manager");
        }
    }
}
