package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.nn.ChannelsLast;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * libtorch's fused kernels against the same rules in DJL's operations (which {@link OptimizersMatchTorchTest}
 * holds to torch.optim's numbers): many updates of an odd-sized parameter, a changing learning rate, and
 * arrays the kernels must refuse.
 */
class FusedKernelsTest {

    /** Rates that fall, pause at 0 and come back: every state conversion the rules have. */
    private static final Tracker RATES = t -> new float[] {0.1f, 0.05f, 0f, 0.02f, 0.08f, 0.01f}[(t - 1) % 6];

    /** {@link #start}'s values as a convolution weight (N, C, H, W) whose two layouts order them differently. */
    private static final Shape CHANNELS_LAST = new Shape(1, 37, 29, 1);

    private static final List<Function<Boolean, Optimizer>> RULES = List.of(
            fused -> TorchSgd.builder().optLearningRateTracker(RATES).optFused(fused).build(),
            fused -> TorchSgd.builder().optLearningRateTracker(RATES).optMomentum(0.9f).optDampening(0.2f)
                    .optWeightDecays(0.01f).optFused(fused).build(),
            fused -> TorchSgd.builder().optLearningRateTracker(RATES).optMomentum(0.8f).optNesterov(true)
                    .setRescaleGrad(0.5f).optFused(fused).build(),
            fused -> TorchAdam.builder().optLearningRateTracker(RATES).optWeightDecays(0.01f).optFused(fused).build(),
            fused -> TorchAdamW.builder().optLearningRateTracker(RATES).optBeta1(0.8f).optFused(fused).build(),
            fused -> TorchAdagrad.builder().optLearningRateTracker(RATES).optLrDecay(0.1f)
                    .optInitialAccumulatorValue(0.1f).optWeightDecays(0.01f).optFused(fused).build());

    @Test
    void theKernelsAreThereOnX86Linux() {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64")), "the kernels are bound on x86-64 Linux only");
        // without them every rule still works, only slower: this is what notices
        assertNotNull(FusedKernels.get(), "libtorch's fused optimizer kernels were not found");
    }

    @Test
    void twelveFusedUpdatesMatchDjlsOperations() {
        for (Function<Boolean, Optimizer> rule : RULES) {
            float[] fused = train(rule.apply(true), false);
            float[] ops = train(rule.apply(false), false);
            String name = rule.apply(true).getClass().getSimpleName();
            assertArrayEquals(ops, fused, 2e-6f, name);
            assertFalse(java.util.Arrays.equals(start(), fused), name + " did not change the weight");
        }
    }

    @Test
    void anArrayTheKernelsCannotTakeGoesDjlsWayWithTheSameResult() {
        // every other gradient is a transposed view (not contiguous): those updates go through DJL's operations,
        // so the state passes between torch's form and the scaled form of the rules here, both ways
        for (Function<Boolean, Optimizer> rule : RULES) {
            float[] mixed = train(rule.apply(true), true);
            float[] ops = train(rule.apply(false), false);
            assertArrayEquals(ops, mixed, 2e-6f, rule.apply(true).getClass().getSimpleName());
        }
    }

    @Test
    void theKernelsTakeOnlyContiguousCpuFloatsOfOneTypeAndShape() {
        FusedKernels kernels = FusedKernels.get();
        Assumptions.assumeTrue(kernels != null, "no fused kernels here");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(3, 4));
            assertTrue(kernels.accepts(a, a.duplicate()));
            assertTrue(kernels.accepts(a.toType(DataType.FLOAT64, false), a.toType(DataType.FLOAT64, false)));
            assertFalse(kernels.accepts(a, manager.randomNormal(new Shape(4, 3)).transpose()), "not contiguous");
            assertFalse(kernels.accepts(a, manager.randomNormal(new Shape(4, 3))), "another shape");
            assertFalse(kernels.accepts(a, a.toType(DataType.FLOAT64, false)), "another type");
            assertFalse(kernels.accepts(a.toType(DataType.INT32, false), a.toType(DataType.INT32, false)), "ints");
        }
    }

    /** Channels-last weights hand the kernels channels-last gradients and state: the same updates. */
    @Test
    void channelsLastArraysTakeTheKernelsWithTheSameResult() {
        FusedKernels kernels = FusedKernels.get();
        Assumptions.assumeTrue(kernels != null && ChannelsLast.available(), "no fused kernels here");
        for (Function<Boolean, Optimizer> rule : RULES) {
            float[] fused = train(rule.apply(true), CHANNELS_LAST, false);
            float[] ops = train(rule.apply(false), new Shape(37, 29), false);
            assertArrayEquals(ops, fused, 2e-6f, rule.apply(true).getClass().getSimpleName());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.randomNormal(CHANNELS_LAST);
            NDArray plain = w.duplicate();
            assertTrue(ChannelsLast.toChannelsLast(w));
            NDArray g = w.mul(0.5f); // an element-wise result keeps its input's layout
            assertTrue(kernels.accepts(w, g));
            assertFalse(kernels.accepts(w, plain), "two layouts: the kernels would pair up different elements");
        }
    }

    /**
     * The kernels' own {@code grad.contiguous()} (whose result they never use) copies nothing for a channels-last
     * gradient: no copy in libtorch's profile of an update of each kernel, while a plain {@code contiguous()}
     * of the same gradient is one (so the profile would show it).
     */
    @Test
    void aChannelsLastGradientIsNotCopied() throws IOException {
        FusedKernels kernels = FusedKernels.get();
        Assumptions.assumeTrue(kernels != null && ChannelsLast.available(), "no fused kernels here");
        Path trace = Files.createTempFile("fused-kernels", ".json");
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(16, 8, 3, 3);
            NDArray w = manager.randomNormal(shape);
            NDArray g = manager.randomNormal(shape);
            NDArray m = manager.zeros(shape);
            NDArray v = manager.zeros(shape);
            for (NDArray a : List.of(w, g, m, v)) {
                assertTrue(ChannelsLast.toChannelsLast(a));
            }
            NDArray step = manager.create(1f);
            JniUtils.startProfile(false, false, false);
            kernels.sgd(w, g, m, 0.01, 0.9, 0.1, 0, false, true);
            kernels.adam(false, w, g, m, v, step, 0.001, 0.9, 0.999, 0, 1e-8);
            kernels.adagrad(w, g, v, step, 0.01, 0, 0, 1e-10);
            JniUtils.stopProfile(trace.toString());
            String updates = Files.readString(trace);
            assertTrue(updates.contains("_fused_sgd_") && updates.contains("_fused_adam_")
                    && updates.contains("_fused_adagrad_"), "the profile holds the three updates");
            assertFalse(updates.contains("\"aten::copy_\""), "a gradient was copied");

            JniUtils.startProfile(false, false, false);
            g.flatten().close(); // what contiguous() does to a channels-last array: a copy
            JniUtils.stopProfile(trace.toString());
            assertTrue(Files.readString(trace).contains("\"aten::copy_\""), "a copy shows in a profile");
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static float[] start() {
        float[] w = new float[37 * 29]; // not a multiple of any vector width
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i * 0.7) * 0.5f;
        }
        return w;
    }

    /** Twelve updates with gradients of varying size and sign; the weight after them. */
    private static float[] train(Optimizer optimizer, boolean transposedEveryOther) {
        return train(optimizer, new Shape(37, 29), transposedEveryOther);
    }

    /** The same, with the weight of {@code shape}, stored channels-last if it is 4-d. */
    private static float[] train(Optimizer optimizer, Shape shape, boolean transposedEveryOther) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(start(), shape);
            if (shape.dimension() == 4) {
                assertTrue(ChannelsLast.toChannelsLast(w));
            }
            for (int t = 1; t <= 12; t++) {
                NDArray g = w.mul(0.3f).sin().mul(1f / t).add(0.05f * (t % 3 - 1));
                if (transposedEveryOther && t % 2 == 0) {
                    g = g.transpose().duplicate().transpose(); // the same values, strided
                }
                optimizer.update("w", w, g);
            }
            return w.toFloatArray();
        }
    }
}
