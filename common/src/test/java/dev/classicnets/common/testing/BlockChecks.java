package dev.classicnets.common.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.classicnets.common.nn.ChannelsLast;
import dev.classicnets.common.nn.ClassifierBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks every network test runs, in the style of timm's model tests: a forward and backward
 * pass, every trainable parameter gets a non-zero, finite gradient, the output has the right shape,
 * and parameters survive a save/load round trip.
 */
public final class BlockChecks {
    private BlockChecks() {}

    /**
     * Initialises {@code block}, runs a training-mode forward and a backward pass of softmax
     * cross-entropy on random input and labels, and asserts: output shape (N, numClasses), finite
     * outputs, and a finite gradient that is not all zero on every trainable parameter (a gradient
     * so small that its squares underflow counts as zero).
     *
     * @return the number of trainable parameters (counted while the block's arrays are alive)
     */
    public static long assertTrainsEveryParameter(Block block, Shape input, int numClasses) {
        return assertTrainsEveryParameter(block, input, numClasses, List.of());
    }

    /**
     * As {@link #assertTrainsEveryParameter(Block, Shape, int)}, then runs an inference forward
     * pass on each of {@code alsoRunsAt} with the same parameters (other input sizes of a network
     * with adaptive or global pooling), asserting finite (N, numClasses) outputs.
     */
    public static long assertTrainsEveryParameter(Block block, Shape input, int numClasses, List<Shape> alsoRunsAt) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1234);
            block.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray y = manager.randomInteger(0, numClasses, new Shape(input.get(0)), DataType.INT32);
            ParameterStore ps = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            Shape outShape;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = block.forward(ps, new NDList(x), true);
                outShape = out.head().getShape();
                for (NDArray o : out) {
                    assertFalse(hasNonFinite(o), () -> "non-finite output: " + describeNonFinite(o));
                }
                NDArray l = loss.evaluate(new NDList(y), new NDList(out.head()));
                for (int i = 1; i < out.size(); i++) { // auxiliary outputs (e.g. GoogLeNet's) count too
                    l = l.add(loss.evaluate(new NDList(y), new NDList(out.get(i))));
                }
                gc.backward(l);
            }
            assertEquals(new Shape(input.get(0), numClasses), outShape, "output shape");
            for (Pair<String, Parameter> p : block.getParameters()) {
                Parameter param = p.getValue();
                if (!param.requiresGradient()) {
                    continue;
                }
                // one fused reduction, no full-size temporaries (VGG's 400 MB fc6 gradient): a NaN or
                // infinity makes the norm non-finite; a norm of 0 means every element is (nearly) zero
                float norm = param.getArray().getGradient().norm().getFloat();
                assertTrue(Float.isFinite(norm), "non-finite gradient in " + p.getKey() + " (norm " + norm + ")");
                assertTrue(norm > 0, "zero gradient in " + p.getKey());
            }
            for (Shape other : alsoRunsAt) {
                NDArray out = block.forward(ps, new NDList(manager.randomNormal(other)), false).head();
                assertEquals(new Shape(other.get(0), numClasses), out.getShape(), "output shape at input " + other);
                assertFalse(hasNonFinite(out), () -> "non-finite output at input " + other + ": " + describeNonFinite(out));
            }
            return dev.classicnets.common.nn.Parameters.countTrainable(block);
        }
    }

    /**
     * Builds two blocks from {@code factory}, initialises the first, saves its parameters and loads
     * them into the second; asserts equal inference outputs on the same input.
     */
    public static void assertSaveLoadRoundTrip(Supplier<Block> factory, Shape input)
            throws IOException, ai.djl.MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block a = factory.get();
            a.initialize(manager, DataType.FLOAT32, input);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            Block b = factory.get();
            b.initialize(manager, DataType.FLOAT32, input);
            b.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = manager.randomNormal(input);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] ya = a.forward(ps, new NDList(x), false).head().toFloatArray();
            float[] yb = b.forward(ps, new NDList(x), false).head().toFloatArray();
            assertArrayEquals(ya, yb, 0f, "outputs differ after save/load");
        }
    }

    /**
     * Builds two blocks from {@code factory}, one in float32 and one in float64 with the same starting
     * values, runs a training-mode forward and backward pass of softmax cross-entropy on the same batch,
     * and asserts that every parameter's float32 gradient is within {@code 1e-3} of the float64 one,
     * relative to the latter's largest element. float64 runs libtorch's reference kernels, not oneDNN's,
     * so a wrong vectorised kernel shows here. For networks without dropout (random masks differ).
     */
    public static void assertGradientsMatchFloat64(Supplier<Block> factory, Shape input, int numClasses) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1234);
            Block single = factory.get();
            Block doubled = factory.get();
            single.initialize(manager, DataType.FLOAT32, input);
            doubled.initialize(manager, DataType.FLOAT64, input);
            var params = single.getParameters();
            var params64 = doubled.getParameters();
            for (int i = 0; i < params.size(); i++) {
                params.valueAt(i).getArray().toType(DataType.FLOAT64, true).copyTo(params64.valueAt(i).getArray());
            }
            NDArray x = manager.randomNormal(input);
            NDArray y = manager.randomInteger(0, numClasses, new Shape(input.get(0)), DataType.INT32);
            for (Block b : List.of(single, doubled)) {
                DataType type = b == single ? DataType.FLOAT32 : DataType.FLOAT64;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = b.forward(new ParameterStore(manager, false), new NDList(x.toType(type, true)), true)
                            .head();
                    gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
                }
            }
            for (int i = 0; i < params.size(); i++) {
                if (!params.valueAt(i).requiresGradient()) {
                    continue;
                }
                NDArray g64 = params64.valueAt(i).getArray().getGradient();
                NDArray g32 = params.valueAt(i).getArray().getGradient().toType(DataType.FLOAT64, true);
                double scale = g64.abs().max().getDouble();
                double error = g32.sub(g64).abs().max().getDouble();
                String name = params.keyAt(i);
                assertTrue(error <= 1e-3 * scale, () -> name + ": float32 gradient off by " + error
                        + " where float64's largest element is " + scale);
            }
        }
    }

    /**
     * Builds the network twice from one seed, once with its weights channels-last and once without, and runs
     * every distinct convolution of it (channels, kernel, stride, padding, groups) alone in both layouts on one
     * batch of 4, at a size its kernel covers whole and at 9x9, in a training pass: the outputs and the input,
     * weight and bias gradients must agree within {@code 1e-4} of their largest element (measured: 1e-6), and
     * the weight gradient must come out channels-last. One layer at a time, because through a whole network
     * a unit near zero may leave a ReLU on one side and not the other (VGG-13's first gradients then moved 1.5%
     * with every layer within 3e-6).
     *
     * @return how many distinct convolutions were compared
     */
    public static int assertConvolutionsAgreeInBothLayouts(Supplier<ClassifierBlock> factory, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Conv2d> plain = new java.util.ArrayList<>();
            List<Conv2d> last = new java.util.ArrayList<>();
            for (List<Conv2d> convolutions : List.of(plain, last)) {
                Engine.getInstance().setRandomSeed(1234);
                ClassifierBlock net = factory.get();
                net.setChannelsLast(convolutions == last);
                net.initialize(manager, DataType.FLOAT32, input);
                collect(net, convolutions);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < plain.size(); i++) {
                Conv2d a = plain.get(i);
                Shape w = a.getParameters().get("weight").getArray().getShape();
                String key = a.getClass().getSimpleName() + w + a.getStride() + a.getPadding() + a.getGroups();
                if (!seen.add(key)) {
                    continue;
                }
                long covered = Math.max(1, w.get(2) - 2 * a.getPadding().get(0));
                for (long side : new long[] {covered, 9}) {
                    compare(manager, a, last.get(i), new Shape(4, w.get(1) * a.getGroups(), side, side), key);
                }
            }
            return seen.size();
        }
    }

    private static void collect(Block block, List<Conv2d> into) {
        if (block instanceof Conv2d conv) {
            into.add(conv);
        }
        block.getChildren().values().forEach(child -> collect(child, into));
    }

    private static void compare(NDManager manager, Conv2d plain, Conv2d last, Shape input, String what) {
        NDArray x = manager.randomNormal(input);
        List<NDArray[]> results = new java.util.ArrayList<>();
        NDArray gy = null;
        for (Conv2d conv : List.of(plain, last)) {
            NDArray in = x.duplicate();
            in.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = conv.forward(new ParameterStore(manager, false), new NDList(in), true).head();
                gy = gy == null ? manager.randomNormal(out.getShape()) : gy;
                gc.backward(out.mul(gy).sum());
            }
            NDArray weight = conv.getParameters().get("weight").getArray();
            NDArray bias = conv.isIncludeBias() ? conv.getParameters().get("bias").getArray().getGradient() : out;
            results.add(new NDArray[] {out, in.getGradient(), weight.getGradient().duplicate(), bias.duplicate()});
            weight.getGradient().subi(weight.getGradient()); // the next pass at another size starts from zero
            if (conv.isIncludeBias()) {
                conv.getParameters().get("bias").getArray().getGradient().subi(bias);
            }
        }
        String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
        for (int k = 0; k < names.length; k++) {
            NDArray a = results.get(0)[k];
            NDArray b = results.get(1)[k];
            double scale = a.abs().max().getFloat();
            double error = b.sub(a).abs().max().getFloat();
            String name = names[k];
            assertTrue(error <= 1e-4 * scale, () -> what + " at " + input + ": channels-last " + name + " off by "
                    + error + " where the default layout's largest element is " + scale);
        }
        assertTrue(ChannelsLast.isChannelsLast(results.get(1)[2]) || results.get(1)[2].getShape().get(2) == 1,
                what + ": the weight gradient is not channels-last");
    }

    /** How many elements are NaN and how many infinite, to tell a NaN source from an overflow. */
    private static String describeNonFinite(NDArray a) {
        return a.isNaN().countNonzero().getLong() + " NaN and " + a.isInfinite().countNonzero().getLong()
                + " infinite of " + a.size() + " in " + a.getShape();
    }

    /** True if {@code a} has a NaN or infinite element. */
    public static boolean hasNonFinite(NDArray a) {
        return a.isNaN().any().getBoolean() || a.isInfinite().any().getBoolean();
    }
}
