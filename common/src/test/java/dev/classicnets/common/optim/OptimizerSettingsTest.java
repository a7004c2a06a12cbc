package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every name builds, and trains a tiny network through DJL's Trainer. */
class OptimizerSettingsTest {

    private static final Map<String, Float> LEARNING_RATES = Map.of("sgd", 0.05f, "momentum", 0.02f,
            "nesterov", 0.02f, "adagrad", 0.1f, "rmsprop", 0.005f, "adam", 0.02f, "adamw", 0.02f);

    static String[] names() {
        return OptimizerSettings.NAMES;
    }

    @Test
    void namesMapToTheirOptimizers() {
        assertEquals("[sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw]", Arrays.toString(OptimizerSettings.NAMES));
        assertEquals(0f, OptimizerSettings.of("sgd", 0.1f, 0).momentum());
        assertEquals(0.9f, OptimizerSettings.of("Momentum", 0.1f, 0).momentum());
        assertEquals(0.9f, OptimizerSettings.of("nesterov", 0.1f, 0).momentum());
        assertEquals(0f, OptimizerSettings.of("rmsprop", 0.1f, 0).momentum());
        assertInstanceOf(TorchSgd.class, OptimizerSettings.of("momentum", 0.1f, 0).build());
        assertInstanceOf(TorchSgd.class, OptimizerSettings.of("nesterov", 0.1f, 0).build());
        assertInstanceOf(TorchAdagrad.class, OptimizerSettings.of("adagrad", 0.1f, 0).build());
        assertInstanceOf(TorchRmsProp.class, OptimizerSettings.of("rmsprop", 0.1f, 0).build());
        assertEquals(TorchAdam.class, OptimizerSettings.of("adam", 0.1f, 0).build().getClass());
        assertEquals(TorchAdamW.class, OptimizerSettings.of("adamw", 0.1f, 0).build().getClass());
        assertEquals(0.1f, OptimizerSettings.of("adagrad", 0.1f, 0).learningRateAt(7));
        assertEquals("nesterov needs a momentum in (0, 1), got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new OptimizerSettings("nesterov", Tracker.fixed(0.1f), 0, 0)).getMessage());
        assertEquals("unknown optimizer 'adadelta'; expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, "
                + "adamw", assertThrows(IllegalArgumentException.class,
                        () -> OptimizerSettings.of("adadelta", 0.1f, 0)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void trainsATinyNetworkThroughTheTrainer(String name) {
        Engine.getInstance().setRandomSeed(7);
        Block net = new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(1).build());
        OptimizerSettings settings = OptimizerSettings.of(name, LEARNING_RATES.get(name), 1e-4f);
        try (Model model = Model.newInstance("tiny"); NDManager data = NDManager.newBaseManager()) {
            model.setBlock(net);
            NDArray x = data.randomNormal(new Shape(64, 4));
            NDArray y = x.matMul(data.create(new float[] {1, -2, 0.5f, 3}, new Shape(4, 1))).addi(0.5f);
            Loss loss = Loss.l2Loss();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(settings.build()))) {
                trainer.initialize(new Shape(64, 4));
                float first = Float.NaN;
                float last = Float.NaN;
                int arrays = -1;
                for (int step = 0; step < 60; step++) {
                    try (NDManager batch = data.newSubManager()) {
                        batch.tempAttachAll(new NDList(x, y)); // the step's arrays land in batch
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray l = loss.evaluate(new NDList(y), trainer.forward(new NDList(x)));
                            gc.backward(l);
                            last = l.getFloat();
                        }
                        trainer.step();
                    }
                    first = step == 0 ? last : first;
                    if (step == 1) {
                        arrays = model.getNDManager().getManagedArrays().size();
                    }
                }
                assertTrue(last < 0.2f * first, name + ": loss " + first + " -> " + last);
                assertEquals(arrays, model.getNDManager().getManagedArrays().size(), name + " leaves arrays behind");
                for (Parameter p : net.getParameters().values()) {
                    assertArrayEquals(new float[(int) p.getArray().size()], p.getArray().getGradient().toFloatArray(),
                            name + " zeroes " + p.getName() + "'s gradient");
                }
            }
        }
    }

    @Test
    void adamTakesBeta1() {
        // two updates of one weight with gradients 1 then -3, torch's Adam rule worked out by hand
        for (float beta1 : new float[] {0.5f, 0.9f}) {
            ai.djl.training.optimizer.Optimizer adam = OptimizerSettings.of("adam", 0.1f, 0).withBeta1(beta1).build();
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {1f});
                adam.update("w", w, m.create(new float[] {1f}));
                adam.update("w", w, m.create(new float[] {-3f}));
                double b2 = 0.999;
                double mHat = (beta1 * (1 - beta1) * 1 + (1 - beta1) * -3) / (1 - beta1 * beta1);
                double vHat = (b2 * (1 - b2) * 1 + (1 - b2) * 9) / (1 - b2 * b2);
                double expected = 1 - 0.1 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
                assertEquals(expected, w.getFloat(), 1e-5, "beta1 " + beta1);
            }
        }
        assertEquals(0.9f, OptimizerSettings.of("adam", 0.1f, 0).beta1(), "PyTorch's default");
        assertEquals("beta1 must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSettings.of("adam", 0.1f, 0).withBeta1(1f)).getMessage());
    }
}
