package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.Require;
import dev.classicnets.common.data.Batches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.Arithmetic;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.Networks;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A VAE as a {@link Task}: two networks, {@code encoder} and {@code decoder}, each with its own optimizer
 * (Adam's update is per parameter, so two Adams with the same settings are one Adam over both), trained
 * on the negative ELBO: reconstruction + beta * KL. The noise of the reparameterisation comes from the
 * step's seeded generator, so a resumed run draws what the uninterrupted one drew. Metrics are per image:
 * {@code loss} (the number pytorch/examples' VAE prints), {@code reconstruction}, {@code kl}; the best
 * epoch is the lowest validation loss.
 */
public final class VaeTask implements Task {

    private final Vae vae;
    private final Shape imageShape;
    private final OptimizerSettings optimizer;
    private final VaeLosses.Reconstruction reconstruction;
    private final float beta;
    private final Generation generation;
    private final LabeledImages labelled;

    /**
     * @param labelled the test images with their classes, for the latent scatter of a 2-d code (or null)
     */
    VaeTask(Vae vae, Shape imageShape, OptimizerSettings optimizer, VaeLosses.Reconstruction reconstruction,
            float beta, Generation generation, LabeledImages labelled) {
        Require.that(beta >= 0 && Float.isFinite(beta), "beta must be a finite number >= 0, got " + beta);
        this.vae = vae;
        this.imageShape = imageShape;
        this.optimizer = optimizer;
        this.reconstruction = reconstruction;
        this.beta = beta;
        this.generation = generation;
        this.labelled = labelled;
    }

    @Override
    public List<Network> networks() {
        Shape batch = new Shape(1, imageShape.get(0), imageShape.get(1), imageShape.get(2));
        return List.of(new Network("encoder", vae.encoder(), optimizer, Loss.l2Loss(), batch),
                new Network("decoder", vae.decoder(), optimizer, Loss.l2Loss(), new Shape(1, vae.latent())));
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("loss", "reconstruction", "kl");
    }

    @Override
    public List<String> evaluationMetrics() {
        return List.of("loss", "reconstruction", "kl");
    }

    @Override
    public List<String> epochMetrics() {
        return generation.epochMetrics();
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        Trainer encoder = step.networks().trainer("encoder");
        Trainer decoder = step.networks().trainer("decoder");
        NDArray x = batch.getData().head();
        int n = batch.getSize();
        NDArray eps = x.getManager().create(Generation.gaussian(step.random(), n * vae.latent()),
                new Shape(n, vae.latent()));
        float[] terms;
        try (GradientCollector gc = encoder.newGradientCollector()) {
            NDArray[] t = terms(encoder.forward(new NDList(x)), decoder::forward, x, eps);
            gc.backward(t[0]); // the batch's sum, as the reference example: Adam sees the same gradients
            terms = new float[] {t[0].getFloat(), t[1].getFloat(), t[2].getFloat()};
        }
        step.update("encoder");
        step.update("decoder");
        return Map.of("loss", (double) terms[0] / n, "reconstruction", (double) terms[1] / n, "kl",
                (double) terms[2] / n);
    }

    /** {loss, reconstruction, kl}, each summed over the batch. */
    private NDArray[] terms(NDList muLogvar, java.util.function.Function<NDList, NDList> decoder, NDArray x,
            NDArray eps) {
        NDArray mu = muLogvar.get(0);
        NDArray logvar = muLogvar.get(1);
        NDArray logits = decoder.apply(new NDList(VaeLosses.reparameterise(mu, logvar, eps))).head();
        NDArray rec = VaeLosses.reconstruction(reconstruction, logits, x);
        NDArray kl = VaeLosses.kl(mu, logvar);
        return new NDArray[] {rec.add(Arithmetic.mul(kl, beta)), rec, kl};
    }

    @Override
    public Evaluation newEvaluation(boolean test) {
        return new NetworksEvaluation() {
            final Random rng = new Random(0); // the same noise every pass
            final double[] sums = new double[3];
            long count;

            @Override
            void accumulate(Batch batch, Networks nets) {
                NDArray x = batch.getData().head();
                int n = batch.getSize();
                NDArray eps = x.getManager().create(Generation.gaussian(rng, n * vae.latent()), new Shape(n,
                        vae.latent()));
                Trainer decoder = nets.trainer("decoder");
                NDArray[] t = terms(nets.trainer("encoder").evaluate(new NDList(x)), decoder::evaluate, x, eps);
                for (int i = 0; i < 3; i++) {
                    sums[i] += t[i].getFloat();
                }
                count += n;
            }

            @Override
            public Map<String, Double> result() {
                Map<String, Double> r = new LinkedHashMap<>();
                List<String> names = evaluationMetrics();
                for (int i = 0; i < 3; i++) {
                    r.put(names.get(i), sums[i] / count);
                }
                return r;
            }
        };
    }

    @Override
    public Map<String, Double> onEpochEnd(int epoch, Networks networks, RunDirectory runDirectory) {
        Trainer decoder = networks.trainer("decoder");
        return generation.onEpochEnd(epoch, decoder::evaluate, decoder.getManager(), runDirectory);
    }

    @Override
    public void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {
        if (runDirectory == null) {
            return;
        }
        EncoderPictures.write(((NetworksEvaluation) test).networks(), generation, testData, labelled, runDirectory);
    }
}
