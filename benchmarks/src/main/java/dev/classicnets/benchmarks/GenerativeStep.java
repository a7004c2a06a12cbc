package dev.classicnets.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.classicnets.common.nn.Parameters;
import dev.classicnets.common.train.TaskSteps;
import dev.classicnets.vaegan.PresetTask;

/**
 * A generative cpu preset's training step as the loop runs it ({@link TaskSteps} over the preset's task): the
 * VAE's forward, loss, backward and update; DCGAN's discriminator update then generator update. One fixed batch
 * of uniform random images in the task's pixel range, copied into a per-step manager as a data loader hands one
 * over. The loss is the task's first training metric (the VAE's loss, the discriminator's for a GAN).
 */
final class GenerativeStep implements Runner {

    private final NDManager data;
    private final TaskSteps steps;
    private final NDArray images;
    private final String metric;
    private final long parameters;

    GenerativeStep(String model) {
        PresetTask preset = PresetTask.of(model, "cpu");
        steps = new TaskSteps(preset.task(), 0);
        data = NDManager.newBaseManager();
        Shape shape = preset.batch();
        images = data.randomUniform(preset.lowestPixel(), 1f, shape);
        metric = preset.task().trainMetrics().get(0);
        parameters = steps.networks().blocks().values().stream().mapToLong(Parameters::countTrainable).sum();
    }

    @Override
    public Float step() {
        try (NDManager batch = data.newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(batch);
            int n = (int) x.getShape().get(0);
            Batch b = new Batch(batch, new NDList(x), new NDList(), n, Batchifier.STACK, Batchifier.STACK, 0, 1);
            return steps.step(b).get(metric).floatValue();
        }
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public void close() {
        steps.close();
        data.close();
    }
}
