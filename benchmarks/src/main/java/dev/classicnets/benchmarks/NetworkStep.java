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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.classicnets.common.loss.PixelCrossEntropyLoss;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.optim.DirectStep;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.TrainStep;

/**
 * A network's training step as the training loop runs it ({@link TrainStep} with the update through
 * {@link DirectStep}; for a segmentation network, per-pixel cross-entropy and the pixels predicted right),
 * or its inference forward pass, on one fixed random batch. Each step copies the batch into a per-step
 * manager, as a data loader hands over a new one, and reads its result back.
 */
final class NetworkStep implements Runner {

    private final Model model;
    private final NDManager data;
    private final Trainer trainer;
    private final NDArray x;
    private final NDArray y;
    private final TrainStep train;
    private final Loss loss;
    private final Optimizer optimizer;
    private final long parameters;

    /** A classifier's step (labels (N)). */
    NetworkStep(Block block, Shape input, int classes, OptimizerSettings settings) {
        this(block, input, classes, settings, false);
    }

    /**
     * @param settings the optimizer, or null for inference
     * @param masks labels are masks (N, 1, H, W), the loss per-pixel cross-entropy
     */
    NetworkStep(Block block, Shape input, int classes, OptimizerSettings settings, boolean masks) {
        Engine.getInstance().setRandomSeed(0);
        model = Model.newInstance("bench");
        data = NDManager.newBaseManager();
        model.setBlock(block);
        x = data.randomNormal(input);
        y = data.randomInteger(0, classes, masks ? new Shape(input.get(0), 1, input.get(2), input.get(3))
                : new Shape(input.get(0)), DataType.INT64);
        loss = masks ? new PixelCrossEntropyLoss(classes) : Loss.softmaxCrossEntropyLoss();
        if (settings == null) {
            trainer = null;
            train = null;
            optimizer = null;
            block.initialize(data, DataType.FLOAT32, input); // the batch's shape, as training below
        } else {
            optimizer = settings.build();
            trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
            // with the batch's shape, as the loop's tasks initialise: initialised with a batch of one, LeNet-5's
            // step ran 4x slower (65 ms against 14) in this process, for a reason not found yet
            trainer.initialize(input);
            train = masks ? null : new TrainStep(trainer, loss, () -> DirectStep.step(trainer, optimizer));
        }
        parameters = Parameters.countTrainable(block);
    }

    @Override
    public Float step() {
        try (NDManager batch = data.newSubManager()) {
            NDList bx = new NDList(x.duplicate());
            bx.attach(batch);
            if (trainer == null) {
                NDArray out = model.getBlock().forward(new ParameterStore(batch, false), bx, false).head();
                out.sum().getFloat(); // waits for the result, as PyTorch's .item() does
                return null;
            }
            NDList by = new NDList(y.duplicate());
            by.attach(batch);
            if (train != null) {
                return train.run(bx, by).loss();
            }
            float value;
            NDList out;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                out = trainer.forward(bx, by);
                NDArray l = loss.evaluate(by, out);
                gc.backward(l);
                value = l.getFloat();
            }
            DirectStep.step(trainer, optimizer);
            out.head().argMax(1).eq(by.head().squeeze(1)).countNonzero().getLong(); // pixels right, as a loop counts
            return value;
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
