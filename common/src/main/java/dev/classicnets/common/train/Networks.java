package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The trainers of a task's networks, by name, as the loop built them: what a step or an evaluation uses. */
public final class Networks {

    private final Map<String, Trainer> trainers;
    private final Map<String, Optimizer> optimizers;

    Networks(Map<String, Trainer> trainers, Map<String, Optimizer> optimizers) {
        this.trainers = Collections.unmodifiableMap(new LinkedHashMap<>(trainers));
        this.optimizers = Map.copyOf(optimizers);
    }

    /**
     * Builds a model, optimizer and trainer for each of {@code specs} and initialises it, as the loop does: an
     * optimizer counts on from {@code updates} (its schedule and bias corrections continue after a resume).
     * The models go into {@code models} as they are made, so a caller can close them when a later one fails.
     */
    static Networks build(Iterable<Network> specs, Map<String, Integer> updates, Map<String, Model> models) {
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        NativeAllocator.keepFreedMemory();
        try {
            for (Network n : specs) {
                Model model = Model.newInstance(n.name());
                models.put(n.name(), model);
                model.setBlock(n.block());
                Optimizer optimizer = n.optimizer().build(updates.getOrDefault(n.name(), 0));
                optimizers.put(n.name(), optimizer);
                Trainer t = model.newTrainer(new DefaultTrainingConfig(n.loss()).optOptimizer(optimizer));
                trainers.put(n.name(), t);
                t.initialize(n.inputShapes());
            }
        } catch (RuntimeException e) {
            trainers.values().forEach(Trainer::close);
            throw e;
        }
        return new Networks(trainers, optimizers);
    }

    /** Closes the trainers (the models stay open). */
    void closeTrainers() {
        trainers.values().forEach(Trainer::close);
    }

    /** The optimizer of network {@code name} (its state goes into checkpoints). */
    Optimizer optimizer(String name) {
        return optimizers.get(name);
    }

    /** The trainer of network {@code name} (forward passes, gradient collectors). */
    public Trainer trainer(String name) {
        Trainer t = trainers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no network named '" + name + "'; this task has "
                    + String.join(", ", trainers.keySet()));
        }
        return t;
    }

    /** The trainer of the only network (for single-network tasks). */
    public Trainer trainer() {
        if (trainers.size() != 1) {
            throw new IllegalStateException("this task has " + trainers.size() + " networks ("
                    + String.join(", ", trainers.keySet()) + "); name the one you mean");
        }
        return trainers.values().iterator().next();
    }

    /** The block of network {@code name}. */
    public Block block(String name) {
        return trainer(name).getModel().getBlock();
    }

    /** The blocks by name, in the task's order. */
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        trainers.forEach((name, t) -> blocks.put(name, t.getModel().getBlock()));
        return blocks;
    }

    /** The trainers by name, in the task's order. */
    public Map<String, Trainer> trainers() {
        return trainers;
    }
}
