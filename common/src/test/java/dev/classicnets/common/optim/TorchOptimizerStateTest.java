package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.classicnets.common.nn.ChannelsLast;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Our optimizers keep some state scaled by a constant of their rule; exported, it has torch's values,
 * and restored into a fresh optimizer it gives the same next step. DJL's Adam state restores into ours.
 */
class TorchOptimizerStateTest {

    private static final float[] G1 = {0.5f, -1f, 2f, 0.25f};
    private static final float[] G2 = {-0.5f, 0.3f, 1f, -2f};

    @Test
    void exportedStateHasTorchsValuesAndRestoresToTheSameNextStep() {
        // torch: momentum_buffer = g1, then 0.9 * g1 + g2 (kept inside as lr * b)
        float[] momentum = new float[4];
        // torch: exp_avg = 0.1 * (0.9 * g1 + g2), exp_avg_sq = 0.001 * (0.999 * g1^2 + g2^2)
        float[] mean = new float[4];
        float[] variance = new float[4];
        for (int i = 0; i < 4; i++) {
            momentum[i] = 0.9f * G1[i] + G2[i];
            mean[i] = 0.1f * (0.9f * G1[i] + G2[i]);
            variance[i] = 0.001f * (0.999f * G1[i] * G1[i] + G2[i] * G2[i]);
        }
        check(OptimizerSettings.of("momentum", 0.1f, 0f), Map.of("velocities", momentum));
        check(OptimizerSettings.of("nesterov", 0.1f, 0f), Map.of("velocities", momentum));
        check(OptimizerSettings.of("adam", 0.1f, 0f), Map.of("means", mean, "variances", variance));
        check(OptimizerSettings.of("adamw", 0.1f, 0f), Map.of("means", mean, "variances", variance));
    }

    private static void check(OptimizerSettings settings, Map<String, float[]> expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            Parameter p = block.getParameters().get(0).getValue();
            NDArray w = p.getArray();
            Optimizer first = settings.build();
            for (float[] g : new float[][] {G1, G2}) {
                first.update(p.getId(), w, manager.create(g, w.getShape()));
            }
            Map<String, NDArray> state = OptimizerState.export(first, block);
            assertEquals(expected.keySet(), Map.copyOf(state).keySet().stream().map(k -> k.split("/")[0])
                    .collect(java.util.stream.Collectors.toSet()), settings.name());
            for (Map.Entry<String, NDArray> e : state.entrySet()) {
                assertArrayEquals(expected.get(e.getKey().split("/")[0]), e.getValue().toFloatArray(), 1e-6f,
                        settings.name() + " " + e.getKey());
            }
            Optimizer second = settings.build(2);
            OptimizerState.restore(second, block, state);
            NDArray w2 = w.duplicate();
            first.update(p.getId(), w, manager.create(G1, w.getShape()));
            second.update(p.getId(), w2, manager.create(G1, w.getShape()));
            assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), settings.name() + ": the restored optimizer's step");
        }
    }

    /** State restored beside a channels-last weight is stored as the weight is, for the fused kernels. */
    @Test
    void stateRestoresInTheLayoutOfItsWeight() {
        Assumptions.assumeTrue(ChannelsLast.available() && FusedKernels.get() != null, "no libtorch entry points");
        for (String rule : new String[] {"momentum", "adam"}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Conv2d block = Conv2d.builder().setFilters(5).setKernelShape(new Shape(3, 3)).optBias(false).build();
                block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4, 6, 6));
                assertEquals(1, ChannelsLast.apply(block));
                Parameter p = block.getParameters().get(0).getValue();
                NDArray w = p.getArray();
                NDArray g = manager.randomNormal(w.getShape());
                ChannelsLast.matchLayout(g, w); // as a channels-last convolution's backward hands it over
                OptimizerSettings settings = OptimizerSettings.of(rule, 0.1f, 0f);
                Optimizer first = settings.build();
                first.update(p.getId(), w, g.duplicate());
                Map<String, NDArray> state = OptimizerState.export(first, block);
                Map<String, NDArray> saved = new java.util.HashMap<>();
                state.forEach((k, v) -> saved.put(k, manager.create(v.toFloatArray(), v.getShape()))); // as read from a file
                Optimizer second = settings.build(1);
                OptimizerState.restore(second, block, saved);
                OptimizerState.export(second, block).forEach((k, v) -> assertTrue(ChannelsLast.isChannelsLast(v),
                        rule + " " + k + " was restored (N, C, H, W)"));
                NDArray w2 = w.duplicate();
                first.update(p.getId(), w, g.duplicate());
                second.update(p.getId(), w2, g.duplicate());
                assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), 1e-7f, rule + ": the restored optimizer's step");
            }
        }
    }

    @Test
    void aCheckpointOfDjlsAdamResumesWithOurs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(1).optBias(false).build();
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            Parameter p = block.getParameters().get(0).getValue();
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
            djl.update(p.getId(), p.getArray(), manager.create(G1, p.getArray().getShape()));
            Map<String, NDArray> state = OptimizerState.export(djl, block);
            Optimizer ours = OptimizerSettings.of("adam", 0.1f, 0f).build(1);
            OptimizerState.restore(ours, block, state);
            Map<String, NDArray> back = OptimizerState.export(ours, block);
            assertEquals(state.keySet(), back.keySet());
            for (String k : state.keySet()) {
                assertTrue(state.get(k).allClose(back.get(k), 0, 0, false), k);
            }
            String message = assertThrows(IllegalArgumentException.class, () -> OptimizerState.restore(
                    OptimizerSettings.of("momentum", 0.1f, 0f).build(), block, state)).getMessage();
            assertTrue(message.contains("states [velocities]"), message);
        }
    }
}
