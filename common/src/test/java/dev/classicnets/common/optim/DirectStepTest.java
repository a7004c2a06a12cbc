package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DirectStep takes the same steps as trainer.step(), without the parameter server's copies. */
class DirectStepTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"momentum", "adam", "rmsprop"})
    void takesTheSameStepsAsTheTrainerAndZeroesTheGradients(String name) {
        List<float[]> viaTrainer = train(name, false);
        List<float[]> direct = train(name, true);
        assertEquals(viaTrainer.size(), direct.size());
        for (int i = 0; i < direct.size(); i++) {
            assertArrayEquals(viaTrainer.get(i), direct.get(i), 1e-6f, name + ", parameter " + i);
        }
    }

    /** Five steps of a tiny network (the first layer frozen), its parameters afterwards. */
    private static List<float[]> train(String name, boolean direct) {
        Engine.getInstance().setRandomSeed(11);
        SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(8).build())
                .add(Activation.tanhBlock()).add(Linear.builder().setUnits(1).build());
        Optimizer optimizer = OptimizerSettings.of(name, 0.05f, 1e-3f).build();
        List<float[]> out = new ArrayList<>();
        try (Model model = Model.newInstance("tiny"); NDManager data = NDManager.newBaseManager()) {
            model.setBlock(net);
            NDArray x = data.randomNormal(new Shape(16, 4));
            NDArray y = x.sum(new int[] {1}, true);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
                trainer.initialize(x.getShape());
                net.getChildren().get(0).getValue().freezeParameters(true);
                float[] frozen = net.getChildren().get(0).getValue().getParameters().get(0).getValue().getArray()
                        .toFloatArray();
                for (int step = 0; step < 5; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                    }
                    if (direct) {
                        DirectStep.step(trainer, optimizer);
                    } else {
                        trainer.step();
                    }
                }
                assertArrayEquals(frozen, net.getChildren().get(0).getValue().getParameters().get(0).getValue()
                        .getArray().toFloatArray(), "a frozen parameter moved");
                for (Parameter p : net.getParameters().values()) {
                    NDArray w = p.getArray();
                    if (p.requiresGradient()) {
                        assertArrayEquals(new float[(int) w.size()], w.getGradient().toFloatArray(), p.getName());
                    }
                    out.add(w.toFloatArray());
                }
                assertFalse(out.isEmpty());
            }
        }
        return out;
    }
}
