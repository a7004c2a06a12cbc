package dev.classicnets.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.optim.DirectStep;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.TrainStep;

/**
 * A network's training step as the training loop runs it ({@link TrainStep} with the update through
 * {@link DirectStep}), or its inference forward pass, on one fixed random batch. Each step copies the
 * batch into a per-step manager, as a data loader hands over a new one, and reads its result back.
 */
final class NetworkStep implements Runner {

    private final Model model;
    private final NDManager data;
    private final Trainer trainer;
    private final NDArray x;
    private final NDArray y;
    private final TrainStep train;
    private final long parameters;

    /**
     * @param settings the optimizer, or null for inference
     */
    NetworkStep(Block block, Shape input, int classes, OptimizerSettings settings) {
        Engine.getInstance().setRandomSeed(0);
        model = Model.newInstance("bench");
        data = NDManager.newBaseManager();
        model.setBlock(block);
        Shape one = new Shape(1, input.get(1), input.get(2), input.get(3));
        x = data.randomNormal(input);
        y = data.randomInteger(0, classes, new Shape(input.get(0)), DataType.INT64);
        if (settings == null) {
            trainer = null;
            train = null;
            block.initialize(data, DataType.FLOAT32, one);
        } else {
            Loss loss = Loss.softmaxCrossEntropyLoss();
            Optimizer optimizer = settings.build();
            trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
            trainer.initialize(one);
            train = new TrainStep(trainer, loss, () -> DirectStep.step(trainer, optimizer));
        }
        parameters = Parameters.countTrainable(block);
    }

    @Override
    public Float step() {
        try (NDManager batch = data.newSubManager()) {
            NDList bx = new NDList(x.duplicate());
            bx.attach(batch);
            if (train == null) {
                NDArray out = model.getBlock().forward(new ParameterStore(batch, false), bx, false).head();
                out.sum().getFloat(); // waits for the result, as PyTorch's .item() does
                return null;
            }
            NDList by = new NDList(y.duplicate());
            by.attach(batch);
            return train.run(bx, by).loss();
        }
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.close();
        }
        model.close();
        data.close();
    }
}
