package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Five updates of a 2x3 weight with given gradients, against what torch.optim did with the same
 * numbers ({@code src/test/resources/optim/torch_reference.py}); DJL's optimizers where they differ.
 */
class OptimizersMatchTorchTest {

    private static final float TOLERANCE = 2e-6f;

    /** Every case, with libtorch's fused kernels (where the rule has one) and with DJL's operations. */
    static Stream<Arguments> cases() {
        return TorchReference.cases().stream().map(c -> c.get("name").getAsString())
                .flatMap(name -> Stream.of(Arguments.of(name, true), Arguments.of(name, false)));
    }

    /** The optimizer a case describes, built from torch's keyword arguments. */
    static Optimizer optimizer(JsonObject c, boolean fused) {
        JsonObject kw = c.getAsJsonObject("kwargs");
        float[] lrs = TorchReference.floats(c.get("lrs"));
        Tracker lr = t -> lrs[t - 1]; // DJL counts updates from 1
        float wd = f(kw, "weight_decay", 0f);
        float rescale = c.get("rescale").getAsFloat();
        float clip = c.get("clip").isJsonNull() ? -1f : c.get("clip").getAsFloat();
        return switch (c.get("optimizer").getAsString()) {
            case "SGD" -> TorchSgd.builder().optLearningRateTracker(lr).optMomentum(f(kw, "momentum", 0f))
                    .optDampening(f(kw, "dampening", 0f)).optNesterov(kw.has("nesterov") && kw.get("nesterov")
                            .getAsBoolean()).optWeightDecays(wd).setRescaleGrad(rescale).optClipGrad(clip).optFused(fused).build();
            case "Adagrad" -> TorchAdagrad.builder().optLearningRateTracker(lr).optLrDecay(f(kw, "lr_decay", 0f))
                    .optInitialAccumulatorValue(f(kw, "initial_accumulator_value", 0f))
                    .optEpsilon(f(kw, "eps", 1e-10f)).optWeightDecays(wd).setRescaleGrad(rescale).optClipGrad(clip)
                    .optFused(fused).build();
            case "RMSprop" -> TorchRmsProp.builder().optLearningRateTracker(lr).optAlpha(f(kw, "alpha", 0.99f))
                    .optEpsilon(f(kw, "eps", 1e-8f)).optMomentum(f(kw, "momentum", 0f))
                    .optCentered(kw.has("centered") && kw.get("centered").getAsBoolean()).optWeightDecays(wd)
                    .setRescaleGrad(rescale).optClipGrad(clip).build();
            case "Adam", "AdamW" -> {
                boolean w = c.get("optimizer").getAsString().equals("AdamW");
                float[] betas = kw.has("betas") ? TorchReference.floats(kw.get("betas")) : new float[] {0.9f, 0.999f};
                yield (w ? TorchAdamW.builder() : TorchAdam.builder()).optLearningRateTracker(lr)
                        .optBeta1(betas[0]).optBeta2(betas[1]).optEpsilon(f(kw, "eps", 1e-8f))
                        .optWeightDecays(f(kw, "weight_decay", w ? 0.01f : 0f)).setRescaleGrad(rescale).optClipGrad(clip)
                        .optFused(fused).build();
            }
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    private static float f(JsonObject kw, String key, float otherwise) {
        return kw.has(key) ? kw.get(key).getAsFloat() : otherwise;
    }

    /** The weight after each of the five updates, with the reference's gradients. */
    static List<float[]> run(Optimizer optimizer) {
        List<float[]> weights = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = TorchReference.array(manager, TorchReference.JSON.get("weight"));
            w.setRequiresGradient(true);
            for (JsonElement grad : TorchReference.JSON.getAsJsonArray("grads")) {
                NDArray g = TorchReference.array(manager, grad);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.mul(g).sum()); // w's gradient is now g, as a training step leaves it
                }
                try (NDArray wGrad = w.getGradient()) {
                    assertArrayEquals(g.toFloatArray(), wGrad.toFloatArray(), 1e-7f);
                    // the trainer hands the optimizer a copy of the gradient
                    try (NDArray copy = wGrad.duplicate()) {
                        optimizer.update("w", w, copy);
                    }
                }
                weights.add(w.toFloatArray());
            }
        }
        return weights;
    }

    @ParameterizedTest(name = "{0}, fused {1}")
    @MethodSource("cases")
    void fiveUpdatesMatchTorch(String name, boolean fused) {
        JsonObject c = TorchReference.byName(name);
        List<float[]> ours = run(optimizer(c, fused));
        for (int step = 0; step < ours.size(); step++) {
            float[] expected = TorchReference.floats(c.getAsJsonArray("weights").get(step));
            assertArrayEquals(expected, ours.get(step), TOLERANCE, name + ", update " + (step + 1));
        }
    }

    /**
     * One of each optimizer here, with every option that changes the update's arithmetic but clipping, each
     * with libtorch's fused kernels (where the rule has one) and with DJL's operations.
     */
    static List<Optimizer> allOfOurs() {
        List<Optimizer> all = new ArrayList<>();
        for (boolean fused : new boolean[] {true, false}) {
            all.addAll(List.of(TorchSgd.builder().optLearningRate(0.1f).optFused(fused).build(),
                    TorchSgd.builder().optLearningRate(0.1f).optMomentum(0.9f).optDampening(0.1f)
                            .optWeightDecays(0.1f).setRescaleGrad(0.5f).optFused(fused).build(),
                    TorchSgd.builder().optLearningRate(0.1f).optMomentum(0.9f).optNesterov(true).optFused(fused)
                            .build(),
                    TorchAdagrad.builder().optInitialAccumulatorValue(0.1f).optWeightDecays(0.1f).optFused(fused)
                            .build(),
                    TorchRmsProp.builder().optCentered(true).optMomentum(0.5f).optWeightDecays(0.1f).build(),
                    TorchRmsProp.builder().build(),
                    TorchAdam.builder().optWeightDecays(0.1f).optFused(fused).build(),
                    TorchAdamW.builder().optFused(fused).build()));
        }
        return all;
    }

    @Test
    void theWeightsGradientIsZeroAfterAnUpdate() {
        for (Optimizer optimizer : allOfOurs()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray w = manager.create(new float[] {1, -2, 3});
                w.setRequiresGradient(true);
                for (int i = 0; i < 2; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.square().sum()); // gradient 2w
                    }
                    try (NDArray given = w.getGradient().duplicate()) {
                        optimizer.update("w", w, given);
                    }
                    assertArrayEquals(new float[3], w.getGradient().toFloatArray(),
                            optimizer.getClass().getSimpleName());
                }
            }
        }
    }

    @Test
    void anUpdateInsideAnOpenGradientCollectorWorksAndLeavesAutogradOn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1, -2});
            w.setRequiresGradient(true);
            Optimizer sgd = TorchSgd.builder().optLearningRate(0.5f).optMomentum(0.9f).build();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.square().sum()); // gradient 2w
                sgd.update("w", w, w.getGradient().duplicate());
                assertArrayEquals(new float[] {0, 0}, w.toFloatArray(), 1e-7f); // w - 0.5 * 2w
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode());
            }
        }
    }

    @Test
    void djlMomentumPutsTheLearningRateInsideTheVelocity() {
        // the same as PyTorch while the rate is constant ...
        assertMatches("momentum", djlMomentum("momentum"), true);
        // ... and not after it changes: DJL's velocity still carries the old rate
        assertMatches("momentum_falling_lr", djlMomentum("momentum_falling_lr"), false);
    }

    private static Optimizer djlMomentum(String name) {
        float[] lrs = TorchReference.floats(TorchReference.byName(name).get("lrs"));
        return Optimizer.sgd().setLearningRateTracker((Tracker) t -> lrs[t - 1]).optMomentum(0.9f).build();
    }

    private static void assertMatches(String name, Optimizer optimizer, boolean expected) {
        JsonObject c = TorchReference.byName(name);
        List<float[]> weights = run(optimizer);
        float[] last = TorchReference.floats(c.getAsJsonArray("weights").get(4));
        double worst = 0;
        for (int i = 0; i < last.length; i++) {
            worst = Math.max(worst, Math.abs(last[i] - weights.get(4)[i]));
        }
        assertEquals(expected, worst < 1e-5, name + ": largest difference from torch " + worst);
    }

    @Test
    void djlsAdamAddsEpsilonBeforeTheBiasCorrection() {
        // one update from w = 0 with g = 1e-7, lr = 1: m = 1e-8, v = 1e-17 after the first update;
        // PyTorch: m / (1 - 0.9) / (sqrt(v / (1 - 0.999)) + 1e-8) = 1e-7 / (1e-7 + 1e-8) = 0.909;
        // DJL: sqrt(1 - 0.999) / (1 - 0.9) * m / (sqrt(v) + 1e-8) = 0.2403
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.zeros(new ai.djl.ndarray.types.Shape(1));
            Optimizer.adam().optLearningRateTracker(Tracker.fixed(1f)).build().update("w", w,
                    manager.create(new float[] {1e-7f}));
            double djl = Math.sqrt(0.001) / 0.1 * 1e-8 / (Math.sqrt(1e-17) + 1e-8);
            assertEquals(-djl, w.getFloat(), 1e-4, "DJL's Adam now places epsilon as PyTorch does (-0.909)");
        }
    }

    @Test
    void oursAddsEpsilonAfterTheBiasCorrectionAsPyTorchDoes() {
        // the same update as above: PyTorch gives 1e-7 / (1e-7 + 1e-8)
        for (Optimizer adam : List.of(TorchAdam.builder().optLearningRate(1f).build(),
                TorchAdamW.builder().optLearningRate(1f).optWeightDecays(0f).build())) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray w = manager.zeros(new ai.djl.ndarray.types.Shape(1));
                adam.update("w", w, manager.create(new float[] {1e-7f}));
                assertEquals(-1e-7 / (1e-7 + 1e-8), w.getFloat(), 1e-6, adam.getClass().getSimpleName());
            }
        }
    }

    @Test
    void djlsNesterovRmsPropAndAdagradStillThrowOnPyTorch() {
        // pinned: when an upgrade makes these work, compare them with ours (or drop ours)
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1, 2});
            NDArray g = manager.create(new float[] {0.1f, 0.2f});
            for (Optimizer djl : List.of(Optimizer.nag().setLearningRateTracker(Tracker.fixed(0.1f)).setMomentum(0.9f)
                    .build(), Optimizer.rmsprop().build(), Optimizer.adagrad().build())) {
                assertThrows(RuntimeException.class, () -> djl.update("w", w, g), djl.getClass().getSimpleName());
            }
        }
    }

    @Test
    void theBuildersCheckTheirOptionsAsPyTorchDoes() {
        assertEquals("a learning rate is required (PyTorch has no default for it)",
                assertThrows(IllegalArgumentException.class, () -> TorchSgd.builder().build()).getMessage());
        assertEquals("Nesterov momentum needs a momentum > 0 and no dampening, got momentum 0.0 and dampening 0.0",
                assertThrows(IllegalArgumentException.class,
                        () -> TorchSgd.builder().optLearningRate(0.1f).optNesterov(true).build()).getMessage());
        assertEquals("momentum must be >= 0, got -0.5", assertThrows(IllegalArgumentException.class,
                () -> TorchRmsProp.builder().optMomentum(-0.5f)).getMessage());
        assertEquals("weight decay must be >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> TorchAdagrad.builder().optWeightDecays(-1f).build()).getMessage());
        assertEquals("alpha must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> TorchRmsProp.builder().optAlpha(1f)).getMessage());
        assertEquals("beta2 must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> TorchAdam.builder().optBeta2(1f)).getMessage());
        assertEquals("epsilon must be >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> TorchAdamW.builder().optEpsilon(-1f)).getMessage());
        Optimizer nan = TorchSgd.builder().optLearningRateTracker((Tracker) t -> Float.NaN).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> nan.update("w", w, w));
            assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
        }
    }
}
