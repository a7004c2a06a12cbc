package dev.classicnets.vaegan;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Task;

/**
 * The task a generative preset trains, on Fashion-MNIST's 1x28x28 images, without the per-epoch Fréchet
 * distance or latent scatter, and the shape of the batches it takes (the preset's batch size; DCGAN's and
 * VAE-GAN's images zero-padded to 32 and enlarged to the preset's side): to run its steps outside the recipe,
 * in {@link dev.classicnets.common.train.TaskSteps} or one's own {@link dev.classicnets.common.train.TrainingLoop}.
 *
 * @param task the preset's task, with its optimizer
 * @param batch (N, C, H, W) of the images a training batch carries
 * @param optimizer the optimizer each of the task's networks gets
 * @param latent the code's size (DCGAN's nz)
 * @param filters the base width of DCGAN's and VAE-GAN's networks (0 for the VAEs)
 * @param lowestPixel the low end of the pixel range the task takes: 0 for the VAEs ([0, 1]), -1 for the
 *     adversarial models ([-1, 1], their generators' tanh)
 */
public record PresetTask(Task task, Shape batch, OptimizerSettings optimizer, int latent, int filters,
        float lowestPixel) {

    private static final Shape FASHION_MNIST = new Shape(1, 28, 28);

    /** {@code preset} (cpu or paper) of {@code model} (vae, conv-vae, dcgan or vae-gan). */
    public static PresetTask of(String model, String preset) {
        Preset<ModelSettings> p = ModelSettings.presets(model).stream().filter(x -> x.name().equalsIgnoreCase(preset))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown preset '" + preset + "' of "
                        + model + "; expected cpu or paper"));
        ModelSettings s = p.network();
        OptimizerSettings optimizer = OptimizerSettings.of(p.optimizer(), p.learningRate(), 0).withBeta1(s.beta1());
        Task task = GenerativeTasks.task(p, optimizer, FASHION_MNIST, null, null);
        return new PresetTask(task, new Shape(p.batchSize(), 1, p.imageSize(), p.imageSize()), optimizer, s.latent(),
                s.filters(), s.adversarial() ? -1f : 0f);
    }
}
