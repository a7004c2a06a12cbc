package dev.classicnets.common.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.dataset.Batch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's training steps one batch at a time, outside an epoch: its networks built, initialised and given
 * their optimizers as {@link TrainingLoop} builds them, and each {@link #step} runs {@link Task#trainStep} as
 * an epoch does, without per-batch hooks, metrics files or checkpoints. For benchmarks that time the loop's
 * step, and for probing a task's step in a test.
 *
 * <pre>{@code
 * try (TaskSteps steps = new TaskSteps(task, 42)) {
 *     Map<String, Double> metrics = steps.step(batch); // e.g. d_loss, g_loss for a GAN
 * }
 * }</pre>
 */
public final class TaskSteps implements AutoCloseable {

    private final Task task;
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Networks networks;
    private final TrainingStep step;
    private int batch;

    /** Builds the task's networks (random seed {@code seed}, as a run with that seed starts). */
    public TaskSteps(Task task, long seed) {
        this.task = task;
        Engine.getInstance().setRandomSeed((int) seed);
        Map<String, Network> specs = new LinkedHashMap<>();
        task.networks().forEach(n -> specs.put(n.name(), n));
        Map<String, Integer> updates = new LinkedHashMap<>();
        specs.keySet().forEach(n -> updates.put(n, 0));
        try {
            networks = Networks.build(specs.values(), updates, models);
        } catch (RuntimeException e) {
            models.values().forEach(Model::close);
            throw e;
        }
        step = new TrainingStep(networks, List.of(), updates, seed);
    }

    /** One training step on {@code batch}, as the loop's next batch of epoch 1; returns the step's metrics. */
    public Map<String, Double> step(Batch batch) {
        step.moveTo(1, this.batch++);
        return task.trainStep(batch, step);
    }

    /** The networks' trainers. */
    public Networks networks() {
        return networks;
    }

    @Override
    public void close() {
        networks.closeTrainers();
        models.values().forEach(Model::close);
    }
}
