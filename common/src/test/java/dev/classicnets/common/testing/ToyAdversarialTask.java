package dev.classicnets.common.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.data.Images;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingStep;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A two-network adversarial task small enough for a unit test: a generator maps 4-d noise to 2-d points,
 * a discriminator tells them from real points drawn around (2, -1); one discriminator and one generator
 * update per batch (the non-saturating GAN loss). The noise comes from the step's seeded generator, so a
 * resumed run draws what the uninterrupted one drew.
 */
public final class ToyAdversarialTask implements Task {

    static final int NOISE = 4;
    private static final Loss BCE = Loss.sigmoidBinaryCrossEntropyLoss(); // on logits

    @Override
    public List<Network> networks() {
        SequentialBlock generator = new SequentialBlock().add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build());
        SequentialBlock discriminator = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(16).build()).add(Activation.leakyReluBlock(0.2f))
                .add(Linear.builder().setUnits(1).build());
        return List.of(
                new Network("generator", generator, OptimizerSettings.of("adam", 0.01f, 0), BCE, new Shape(1, NOISE)),
                new Network("discriminator", discriminator, OptimizerSettings.of("adam", 0.01f, 0), BCE,
                        new Shape(1, 1, 1, 2)));
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("d_loss", "g_loss");
    }

    @Override
    public List<String> evaluationMetrics() {
        return List.of("distance");
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        NDArray real = batch.getData().head();
        NDArray z = noise(real.getManager(), batch.getSize(), step.random());
        return Map.of("d_loss", (double) discriminatorStep(step, real, z), "g_loss", (double) generatorStep(step, z));
    }

    /** Real points as 1, generated ones (not back-propagated into the generator) as 0. */
    public static float discriminatorStep(TrainingStep step, NDArray real, NDArray z) {
        Trainer g = step.networks().trainer("generator");
        Trainer d = step.networks().trainer("discriminator");
        step.zeroGradients("discriminator"); // the last generator step left gradients in it
        float loss;
        try (GradientCollector gc = d.newGradientCollector()) {
            NDArray fake = g.forward(new NDList(z)).head().stopGradient().reshape(-1, 1, 1, 2);
            long n = real.getShape().get(0);
            NDArray l = BCE.evaluate(new NDList(real.getManager().ones(new Shape(n, 1))), d.forward(new NDList(real)))
                    .add(BCE.evaluate(new NDList(real.getManager().zeros(new Shape(n, 1))), d.forward(
                            new NDList(fake))));
            gc.backward(l);
            loss = l.getFloat();
        }
        step.update("discriminator");
        return loss;
    }

    /** The generator's points scored as real by the discriminator, which it is not allowed to change. */
    public static float generatorStep(TrainingStep step, NDArray z) {
        Trainer g = step.networks().trainer("generator");
        Trainer d = step.networks().trainer("discriminator");
        float loss;
        try (GradientCollector gc = g.newGradientCollector()) {
            NDArray fake = g.forward(new NDList(z)).head().reshape(-1, 1, 1, 2);
            NDArray l = BCE.evaluate(new NDList(z.getManager().ones(new Shape(z.getShape().get(0), 1))),
                    d.forward(new NDList(fake)));
            gc.backward(l);
            loss = l.getFloat();
        }
        step.update("generator");
        return loss;
    }

    static NDArray noise(NDManager manager, int n, Random rng) {
        float[] z = new float[n * NOISE];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return manager.create(z, new Shape(n, NOISE));
    }

    /** How far the generated points' mean is from the real points' mean (fixed noise per pass). */
    @Override
    public Evaluation newEvaluation(boolean test) {
        return new Evaluation() {
            final Random rng = new Random(0);
            double sum;
            long count;

            @Override
            public void add(Batch batch, Networks networks) {
                NDArray real = batch.getData().head().reshape(-1, 2);
                NDArray fake = networks.trainer("generator").evaluate(new NDList(noise(real.getManager(),
                        batch.getSize(), rng))).head();
                float[] gap = real.mean(new int[] {0}).sub(fake.mean(new int[] {0})).toFloatArray();
                sum += Math.hypot(gap[0], gap[1]) * batch.getSize();
                count += batch.getSize();
            }

            @Override
            public Map<String, Double> result() {
                return Map.of("distance", sum / count);
            }
        };
    }

    /** {@code n} real points around (2, -1), as 1x1x2 "images" without labels. */
    public static Images data(int n, long seed) {
        Random rng = new Random(seed);
        float[][] points = new float[n][];
        for (int i = 0; i < n; i++) {
            points[i] = new float[] {2 + 0.3f * (float) rng.nextGaussian(), -1 + 0.3f * (float) rng.nextGaussian()};
        }
        return new Images() {
            public int size() {
                return n;
            }

            public Image image(int i) {
                return new Image(points[i].clone(), 1, 1, 2);
            }

            public int channels() {
                return 1;
            }

            public int height() {
                return 1;
            }

            public int width() {
                return 2;
            }
        };
    }
}
