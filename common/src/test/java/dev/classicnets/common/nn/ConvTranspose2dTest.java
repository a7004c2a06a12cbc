package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ConvTranspose2d} against the numbers {@code nn/conv_transpose_reference.py} wrote with PyTorch. */
class ConvTranspose2dTest {

    private static final float TOLERANCE = 1e-4f;

    static Stream<JsonObject> torchCases() throws IOException {
        try (InputStream in = ConvTranspose2dTest.class.getResourceAsStream("/nn/conv_transpose_reference.json")) {
            if (in == null) {
                throw new IllegalStateException("nn/conv_transpose_reference.json is missing from the test resources");
            }
            List<JsonObject> cases = new ArrayList<>();
            JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("cases").forEach(c -> cases.add(c.getAsJsonObject()));
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void outputAndGradientsMatchTorch(JsonObject c) {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2d conv = ConvTranspose2d.builder().setFilters(c.get("out_channels").getAsInt())
                    .setKernelShape(shape(c, "kernel")).optStride(shape(c, "stride")).optPadding(shape(c, "padding"))
                    .optOutputPadding(shape(c, "output_padding")).optGroups(c.get("groups").getAsInt())
                    .optBias(c.has("bias")).build();
            Shape xShape = shape(c, "x_shape");
            conv.initialize(m, DataType.FLOAT32, xShape);
            Parameter weight = conv.getParameters().get("weight");
            assertEquals(shape(c, "weight_shape"), weight.getArray().getShape(), "weight layout as PyTorch's");
            weight.getArray().set(FloatBuffer.wrap(floats(c, "weight")));
            Parameter bias = conv.getParameters().contains("bias") ? conv.getParameters().get("bias") : null;
            if (bias != null) {
                bias.getArray().set(FloatBuffer.wrap(floats(c, "bias")));
            }
            NDArray x = m.create(floats(c, "x"), xShape);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = conv.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.mul(m.create(floats(c, "g"), y.getShape())).sum());
            }
            assertEquals(shape(c, "y_shape"), y.getShape(), "output shape");
            assertEquals(shape(c, "y_shape"), conv.getOutputShapes(new Shape[] {xShape})[0], "getOutputShapes");
            assertArrayEquals(floats(c, "y"), y.toFloatArray(), TOLERANCE, "output");
            assertArrayEquals(floats(c, "x_grad"), x.getGradient().toFloatArray(), TOLERANCE, "input gradient");
            assertArrayEquals(floats(c, "weight_grad"), weight.getArray().getGradient().toFloatArray(), TOLERANCE,
                    "weight gradient");
            if (bias != null) {
                assertArrayEquals(floats(c, "bias_grad"), bias.getArray().getGradient().toFloatArray(), TOLERANCE,
                        "bias gradient");
            }
        }
    }

    /**
     * The input gradient of a transposed convolution is the ordinary convolution of the output
     * gradient with the same weight, stride and padding. Checked at batch sizes and channel counts
     * where libtorch 2.7.1's oneDNN gets conv2d's own input gradient wrong (see
     * {@link TransposedConvolution#CHANNEL_BLOCK}), e.g. DCGAN's last layer (to 3 channels: 12 phases).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientShapes")
    void inputGradientIsTheConvolutionOfTheOutputGradient(String name, Shape in, int out, int k, int s, int p, int groups) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            ConvTranspose2d conv = ConvTranspose2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(s, s))
                    .optPadding(new Shape(p, p)).setFilters(out).optGroups(groups).build();
            conv.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            x.setRequiresGradient(true);
            NDArray g;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), true).head();
                g = m.randomNormal(y.getShape());
                gc.backward(y.mul(g).sum());
            }
            NDArray weight = conv.getParameters().get("weight").getArray();
            NDArray expected = ai.djl.nn.convolutional.Conv2d.conv2d(g, weight, null, new Shape(s, s), new Shape(p, p),
                    new Shape(1, 1), groups).head();
            float scale = expected.abs().max().getFloat();
            assertArrayEquals(expected.div(scale).toFloatArray(), x.getGradient().div(scale).toFloatArray(), TOLERANCE);
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> gradientShapes() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("dcgan_to_rgb", new Shape(8, 16, 8, 8), 3, 4, 2, 1, 1),
                org.junit.jupiter.params.provider.Arguments.of("unet_k2s2_5", new Shape(4, 24, 6, 6), 5, 2, 2, 0, 1),
                org.junit.jupiter.params.provider.Arguments.of("stride1_k3_6", new Shape(4, 8, 9, 7), 6, 3, 1, 1, 1),
                org.junit.jupiter.params.provider.Arguments.of("grouped_k4s2p1", new Shape(4, 8, 6, 6), 6, 4, 2, 1, 2));
    }

    /**
     * A cropping layer (DCGAN's 4x4, stride 2, padding 1; 3x3, stride 2, padding 1, output padding 1) gathers its
     * output in one copy: the result is contiguous, in NCHW as channels-last input, and the numbers agree.
     */
    @ParameterizedTest(name = "k{0} output padding {1}")
    @org.junit.jupiter.params.provider.CsvSource({"4, 0", "3, 1"})
    void aCroppedOutputIsGatheredContiguousFromEitherLayout(int k, int outputPadding) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Shape in = new Shape(4, 8, 5, 5);
            ConvTranspose2d conv = ConvTranspose2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(2, 2))
                    .optPadding(new Shape(1, 1)).optOutputPadding(new Shape(outputPadding, outputPadding)).setFilters(3)
                    .build();
            conv.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            NDArray g = m.randomNormal(conv.getOutputShapes(new Shape[] {in})[0]);
            float[][] results = new float[2][];
            for (int layout = 0; layout < 2; layout++) {
                NDArray input = x.duplicate();
                if (layout == 1) {
                    assertTrue(ChannelsLast.toChannelsLast(input));
                }
                input.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = conv.forward(new ParameterStore(m, false), new NDList(input), true).head();
                    gc.backward(y.mul(g).sum());
                }
                assertTrue(Libtorch.get().isContiguous((ai.djl.pytorch.engine.PtNDArray) y), "contiguous output");
                results[layout] = y.concat(input.getGradient().reshape(y.getShape().get(0), -1, y.getShape().get(2),
                        y.getShape().get(3)), 1).toFloatArray();
            }
            assertArrayEquals(results[0], results[1], TOLERANCE,
                    "channels-last input gives the same output and gradient");
        }
    }

    @Test
    void outputShapeFollowsTorchsFormula() {
        // (H-1)*s - 2p + k + output_padding per axis: U-Net 28 -> 56, DCGAN 4 -> 8, 7x9 with (3,5),(2,3),(1,2),(1,2)
        assertEquals(new Shape(1, 512, 56, 56), outputShape(b -> b.setKernelShape(new Shape(2, 2))
                .optStride(new Shape(2, 2)).setFilters(512), new Shape(1, 1024, 28, 28)));
        assertEquals(new Shape(64, 256, 8, 8), outputShape(b -> b.setKernelShape(new Shape(4, 4))
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).setFilters(256), new Shape(64, 512, 4, 4)));
        assertEquals(new Shape(2, 4, 6 * 2 - 2 + 3 + 1, 8 * 3 - 4 + 5 + 2),
                outputShape(b -> b.setKernelShape(new Shape(3, 5)).optStride(new Shape(2, 3)).optPadding(new Shape(1, 2))
                        .optOutputPadding(new Shape(1, 2)).setFilters(4), new Shape(2, 3, 7, 9)));
    }

    private static Shape outputShape(Function<ConvTranspose2d.Builder, ConvTranspose2d.Builder> settings, Shape in) {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2d conv = settings.apply(ConvTranspose2d.builder()).build();
            conv.setInitializer(Initializer.ZEROS, p -> true); // shapes only
            conv.initialize(m, DataType.FLOAT32, in);
            Shape declared = conv.getOutputShapes(new Shape[] {in})[0];
            if (in.size() < 100_000) { // run the small ones, declare the big ones
                NDArray y = conv.forward(new ParameterStore(m, false), new NDList(m.zeros(in)), false).head();
                assertEquals(declared, y.getShape(), "forward agrees with getOutputShapes");
            }
            return declared;
        }
    }

    @Test
    void initialisesLikeTorch() {
        // torch: weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = (out/groups) * kh * kw = 8 * 16
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            ConvTranspose2d conv = ConvTranspose2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2))
                    .setFilters(16).optGroups(2).build();
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 64, 3, 3));
            double bound = 1 / Math.sqrt(8 * 16);
            NDArray w = conv.getParameters().get("weight").getArray();
            assertEquals(new Shape(64, 8, 4, 4), w.getShape());
            float max = w.abs().max().getFloat();
            assertTrue(max <= bound && max > 0.95 * bound, "weight bound " + max + " vs " + bound);
            assertEquals(0, w.mean().getFloat(), 0.05 * bound, "weight mean");
            float biasMax = conv.getParameters().get("bias").getArray().abs().max().getFloat();
            assertTrue(biasMax <= bound && biasMax > 0, "bias bound " + biasMax + " vs " + bound);
        }
    }

    @Test
    void biasOffHasNoBiasParameter() {
        ConvTranspose2d conv = ConvTranspose2d.builder().setKernelShape(new Shape(2, 2)).setFilters(3).optBias(false)
                .build();
        assertEquals(List.of("weight"), conv.getParameters().keys());
        assertFalse(conv.getParameters().contains("bias"));
    }

    @Test
    void rejectsBadSettingsWithOneSentence() {
        assertError("ConvTranspose2d needs a kernel shape: call setKernelShape",
                () -> ConvTranspose2d.builder().setFilters(3).build());
        assertError("ConvTranspose2d kernel shape must be two values >= 1 (height, width), got (2)",
                () -> ConvTranspose2d.builder().setKernelShape(new Shape(2)).setFilters(3).build());
        assertError("ConvTranspose2d stride must be two values >= 1 (height, width), got (0, 2)",
                () -> k2().optStride(new Shape(0, 2)).build());
        assertError("ConvTranspose2d padding must be two values >= 0 (height, width), got (-1, 0)",
                () -> k2().optPadding(new Shape(-1, 0)).build());
        assertError("ConvTranspose2d output padding must be smaller than the stride, got output padding (0, 2) "
                + "with stride (2, 2)", () -> k2().optStride(new Shape(2, 2)).optOutputPadding(new Shape(0, 2)).build());
        assertError("ConvTranspose2d filters must be positive, got 0", () -> k2().setFilters(0).build());
        assertError("ConvTranspose2d groups must be positive and divide filters=3, got 2",
                () -> k2().optGroups(2).build());
    }

    @Test
    void rejectsBadInputWithOneSentence() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2d grouped = k2().setFilters(4).optGroups(2).build();
            assertError("ConvTranspose2d input channels must be divisible by groups=2, got input (1, 3, 4, 4)",
                    () -> grouped.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4)));
            ConvTranspose2d conv = k2().build();
            assertError("ConvTranspose2d expects (N, C, H, W) input, got (3, 4, 4)",
                    () -> conv.initialize(m, DataType.FLOAT32, new Shape(3, 4, 4)));
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            ParameterStore ps = new ParameterStore(m, false);
            assertError("ConvTranspose2d was initialised for 3 input channels, got input (1, 5, 4, 4)",
                    () -> conv.forward(ps, new NDList(m.zeros(new Shape(1, 5, 4, 4))), false));
            ConvTranspose2d cropped = k2().optPadding(new Shape(1, 1)).build();
            assertError("ConvTranspose2d input (1, 3, 1, 1) gives an empty output of 0x0 with kernel (2, 2), "
                    + "stride (1, 1), padding (1, 1) and output padding (0, 0)",
                    () -> cropped.initialize(m, DataType.FLOAT32, new Shape(1, 3, 1, 1)));
        }
    }

    private static ConvTranspose2d.Builder k2() {
        return ConvTranspose2d.builder().setKernelShape(new Shape(2, 2)).setFilters(3);
    }

    private static void assertError(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static Shape shape(JsonObject c, String key) {
        JsonArray a = c.getAsJsonArray(key);
        long[] dims = new long[a.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = a.get(i).getAsLong();
        }
        return new Shape(dims);
    }

    private static float[] floats(JsonObject c, String key) {
        JsonArray a = c.getAsJsonArray(key);
        float[] values = new float[a.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.get(i).getAsFloat();
        }
        return values;
    }
}
