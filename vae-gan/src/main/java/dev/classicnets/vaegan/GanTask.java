package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingStep;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * DCGAN's training as a {@link Task}: a {@code generator} and a {@code discriminator}, each with its own
 * Adam, one discriminator update then one generator update per batch, as pytorch/examples
 * {@code dcgan/main.py}: the discriminator on real images as 1 and generated ones (not back-propagated
 * into the generator) as 0; the generator on the non-saturating loss, its images scored as real by a
 * discriminator it may not change. Batches carry images only. The noise comes from the step's seeded
 * generator, so a resumed run draws what the uninterrupted one drew.
 *
 * <p>Training metrics: {@code d_loss}, {@code g_loss}, and D's mean probabilities {@code d_real} and
 * {@code d_fake} (on the generator step's images). Validation: the discriminator's loss on held-out real
 * images and as many generated ones. The best epoch is the one of the lowest Fréchet distance when the
 * task scores one (a GAN's losses say little about its samples), else of the lowest generator loss.
 */
public final class GanTask implements Task {

    static final Loss BCE = Loss.sigmoidBinaryCrossEntropyLoss(); // on logits, mean over the batch

    private final Block generator;
    private final Block discriminator;
    private final Shape imageShape;
    private final OptimizerSettings optimizer;
    private final Generation generation;

    GanTask(Block generator, Block discriminator, Shape imageShape, OptimizerSettings optimizer,
            Generation generation) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.imageShape = imageShape;
        this.optimizer = optimizer;
        this.generation = generation;
    }

    @Override
    public List<Network> networks() {
        // batch norm needs more than one value per channel to initialise on
        return List.of(new Network("generator", generator, optimizer, BCE, new Shape(2, generation.latent())),
                new Network("discriminator", discriminator, optimizer, BCE, new Shape(2, imageShape.get(0),
                        imageShape.get(1), imageShape.get(2))));
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("d_loss", "g_loss", "d_real", "d_fake");
    }

    @Override
    public List<String> evaluationMetrics() {
        return List.of("d_loss");
    }

    @Override
    public List<String> epochMetrics() {
        return generation.epochMetrics();
    }

    @Override
    public String bestEpochMetric(boolean validation) {
        return generation.epochMetrics().isEmpty() ? "train_g_loss" : "frechet_distance";
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        NDArray real = batch.getData().head();
        NDArray z = noise(real.getManager(), batch.getSize(), step.random());
        DiscriminatorUpdate d = discriminatorStep(step, real, z);
        float[] g = generatorStep(step, d.fake());
        return Map.of("d_loss", (double) d.loss(), "d_real", (double) d.realScore(), "g_loss", (double) g[0],
                "d_fake", (double) g[1]);
    }

    /**
     * What {@link #discriminatorStep} leaves: its loss, the mean D(real), and the images G(z) with their graph, for
     * the generator's update (the generator has not changed in between, so G(z) is not computed twice).
     */
    record DiscriminatorUpdate(float loss, float realScore, NDArray fake) {}

    /** Real images as 1, generated ones as 0 (G(z), its graph kept but not differentiated here). */
    static DiscriminatorUpdate discriminatorStep(TrainingStep step, NDArray real, NDArray z) {
        Trainer g = step.networks().trainer("generator");
        Trainer d = step.networks().trainer("discriminator");
        step.zeroGradients("discriminator"); // the last generator step left gradients in it
        DiscriminatorUpdate out;
        try (GradientCollector gc = d.newGradientCollector()) {
            NDArray fake = g.forward(new NDList(z)).head();
            NDArray realLogits = d.forward(new NDList(real)).head();
            NDArray loss = BCE.evaluate(new NDList(real.getManager().ones(realLogits.getShape())), new NDList(realLogits))
                    .add(BCE.evaluate(new NDList(real.getManager().zeros(realLogits.getShape())),
                            d.forward(new NDList(fake.stopGradient()))));
            gc.backward(loss);
            out = new DiscriminatorUpdate(loss.getFloat(), Activation.sigmoid(realLogits).mean().getFloat(), fake);
        }
        step.update("discriminator");
        return out;
    }

    /** The non-saturating generator loss -log D(G(z)) on {@code fake} = G(z); returns {loss, mean D(G(z))}. */
    static float[] generatorStep(TrainingStep step, NDArray fake) {
        Trainer g = step.networks().trainer("generator");
        Trainer d = step.networks().trainer("discriminator");
        float[] out;
        try (GradientCollector gc = g.newGradientCollector()) {
            NDArray logits = d.forward(new NDList(fake)).head();
            NDArray loss = BCE.evaluate(new NDList(fake.getManager().ones(logits.getShape())), new NDList(logits));
            gc.backward(loss);
            out = new float[] {loss.getFloat(), Activation.sigmoid(logits).mean().getFloat()};
        }
        step.update("generator");
        return out;
    }

    private NDArray noise(NDManager manager, int n, Random rng) {
        return manager.create(Generation.gaussian(rng, n * generation.latent()), new Shape(n, generation.latent()));
    }

    /** The discriminator's loss on held-out real images and as many generated from fixed noise. */
    @Override
    public Evaluation newEvaluation(boolean test) {
        return new NetworksEvaluation() {
            final Random rng = new Random(0);
            double sum;
            long count;

            @Override
            void accumulate(Batch batch, Networks nets) {
                NDArray real = batch.getData().head();
                Trainer d = nets.trainer("discriminator");
                NDArray fake = nets.trainer("generator").evaluate(new NDList(noise(real.getManager(),
                        batch.getSize(), rng))).head();
                NDArray realLogits = d.evaluate(new NDList(real)).head();
                NDArray loss = BCE.evaluate(new NDList(real.getManager().ones(realLogits.getShape())),
                        new NDList(realLogits)).add(BCE.evaluate(new NDList(real.getManager().zeros(
                        realLogits.getShape())), d.evaluate(new NDList(fake))));
                sum += loss.getFloat() * batch.getSize();
                count += batch.getSize();
            }

            @Override
            public Map<String, Double> result() {
                return Map.of("d_loss", sum / count);
            }
        };
    }

    @Override
    public Map<String, Double> onEpochEnd(int epoch, Networks networks, RunDirectory runDirectory) {
        Trainer g = networks.trainer("generator");
        return generation.onEpochEnd(epoch, g::evaluate, g.getManager(), runDirectory);
    }

    @Override
    public void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {
        if (runDirectory != null && ((NetworksEvaluation) test).networks() != null) {
            Trainer g = ((NetworksEvaluation) test).networks().trainer("generator");
            generation.writeInterpolation(g::evaluate, g.getManager(), runDirectory);
        }
    }
}
