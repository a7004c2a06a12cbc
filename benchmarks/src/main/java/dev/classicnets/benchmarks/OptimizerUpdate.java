package dev.classicnets.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import dev.classicnets.common.optim.OptimizerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step alone (every parameter updated from its own gradient, as {@code DirectStep} does;
 * our optimizers zero the gradient in the update) on plain arrays with a network's parameter shapes.
 * The gradients are refilled before each step, untimed, as backward would leave them.
 */
final class OptimizerUpdate implements Runner {

    private static final NDIndex ALL = new NDIndex("...");

    private final NDManager manager = NDManager.newBaseManager();
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> gradients = new ArrayList<>();
    private final Optimizer optimizer;
    private final long parameters;

    OptimizerUpdate(Block network, Shape input, OptimizerSettings settings) {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager shapes = NDManager.newBaseManager()) {
            network.initialize(shapes, DataType.FLOAT32, input);
            for (Parameter p : network.getParameters().values()) {
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = manager.randomNormal(p.getArray().getShape());
                w.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.sum()); // gives the weight its gradient array, as backward does
                }
                weights.add(w);
                gradients.add(manager.randomNormal(w.getShape()));
            }
        }
        parameters = weights.stream().mapToLong(w -> w.getShape().size()).sum();
        optimizer = settings.build();
        prepare();
        step(); // the first update creates the state: not part of any round
    }

    /** The shapes, for the PyTorch side to rebuild and check against its replica. */
    List<long[]> shapes() {
        return weights.stream().map(w -> w.getShape().getShape()).toList();
    }

    @Override
    public void prepare() {
        for (int i = 0; i < weights.size(); i++) {
            try (NDArray g = weights.get(i).getGradient()) {
                g.set(ALL, gradients.get(i));
            }
        }
    }

    @Override
    public Float step() {
        for (int i = 0; i < weights.size(); i++) {
            try (NDArray g = weights.get(i).getGradient()) { // a handle on the same memory, not a copy
                optimizer.update("p" + i, weights.get(i), g);
            }
        }
        return null;
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public void close() {
        manager.close();
    }
}
