package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against DJL's {@code Conv2d} with the same stride, at channel counts where libtorch's strided 1x1
 * kernel still works (it dies with SIGFPE from 512 input channels on Zen 5, so that case cannot be
 * compared in-process): the same parameter names and saved bytes, outputs and gradients.
 */
class StridedPointwiseConvTest {

    private static Conv2d conv2d(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                .setFilters(filters).optBias(false).build();
    }

    @ParameterizedTest(name = "{0} -> {1} channels, stride {2}, {3}x{4}")
    @CsvSource({"16, 32, 2, 8, 8", "8, 4, 2, 7, 5", "6, 10, 3, 10, 11", "4, 4, 1, 3, 3"})
    void computesWhatConv2dComputesForwardAndBackward(int in, int out, int stride, int h, int w) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Shape input = new Shape(2, in, h, w);
            Block reference = conv2d(out, stride);
            reference.initialize(manager, DataType.FLOAT32, input);
            Block ours = new StridedPointwiseConv(out, stride);
            ours.initialize(manager, DataType.FLOAT32, input);
            assertEquals(reference.getParameters().keys(), ours.getParameters().keys(), "parameter names");

            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            reference.saveParameters(new DataOutputStream(saved));
            ours.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            ours.saveParameters(new DataOutputStream(again));
            assertArrayEquals(saved.toByteArray(), again.toByteArray(), "saved bytes");
            ours.getParameters().get("weight").getArray().setRequiresGradient(true); // loading drops the flag

            NDArray x = manager.randomNormal(input);
            float[][] refResult = run(reference, x, manager);
            float[][] ourResult = run(ours, x, manager);
            assertEquals(reference.getOutputShapes(new Shape[] {input})[0], ours.getOutputShapes(new Shape[] {input})[0]);
            assertArrayEquals(refResult[0], ourResult[0], 1e-5f, "outputs");
            assertArrayEquals(refResult[1], ourResult[1], 1e-5f, "input gradients");
            assertArrayEquals(refResult[2], ourResult[2], 1e-4f, "weight gradients");
        }
    }

    /** Output, input gradient and weight gradient of sum(y * y) (a loss that weighs every output). */
    private static float[][] run(Block block, NDArray input, NDManager manager) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            gc.backward(y.mul(y).sum());
        }
        NDArray weightGradient = block.getParameters().get("weight").getArray().getGradient();
        return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), weightGradient.toFloatArray()};
    }
}
