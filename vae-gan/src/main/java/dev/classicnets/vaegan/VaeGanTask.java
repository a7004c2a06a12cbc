package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.Require;
import dev.classicnets.common.data.Batches;
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
 * VAE-GAN's training (Larsen et al. 2016, Algorithm 1) as a {@link Task} with three networks, each
 * updated only by its own loss, all three gradients taken at the same parameters:
 *
 * <pre>
 * encoder        KL + L_feature
 * decoder        gamma * L_feature + L_GAN(x~, x_p as real)      (non-saturating)
 * discriminator  L_GAN(x as real; x~ = Dec(Enc(x)) and x_p = Dec(z_p) as fake)
 * </pre>
 *
 * {@code L_feature = 1/2 |Dis_l(x~) - Dis_l(x)|^2}, summed over the discriminator's last hidden layer (a
 * Gaussian observation model in that layer), KL summed over the code; both per image. DJL allows one
 * gradient collector at a time and never zeroes gradients, so the step runs three passes, zeroing each
 * network's gradients before its own backward pass: the encoder's, the decoder's (from the encoder's code,
 * detached) and the discriminator's (on the decoder's images, detached); the three updates follow the
 * three passes, so every gradient is taken at the same parameters, as in the paper's algorithm.
 */
public final class VaeGanTask implements Task {

    private final Block encoder;
    private final Block decoder;
    private final Block discriminator;
    private final Shape imageShape;
    private final OptimizerSettings optimizer;
    private final float gamma;
    private final Generation generation;

    VaeGanTask(Block encoder, Block decoder, Block discriminator, Shape imageShape, OptimizerSettings optimizer,
            float gamma, Generation generation) {
        Require.that(gamma >= 0 && Float.isFinite(gamma), "gamma must be a finite number >= 0, got " + gamma);
        this.encoder = encoder;
        this.decoder = decoder;
        this.discriminator = discriminator;
        this.imageShape = imageShape;
        this.optimizer = optimizer;
        this.gamma = gamma;
        this.generation = generation;
    }

    @Override
    public List<Network> networks() {
        Shape images = new Shape(2, imageShape.get(0), imageShape.get(1), imageShape.get(2));
        return List.of(new Network("encoder", encoder, optimizer, GanTask.BCE, images),
                new Network("decoder", decoder, optimizer, GanTask.BCE, new Shape(2, generation.latent())),
                new Network("discriminator", discriminator, optimizer, GanTask.BCE, images));
    }

    @Override
    public List<String> trainMetrics() {
        return List.of("kl", "feature_loss", "d_loss", "g_loss");
    }

    @Override
    public List<String> evaluationMetrics() {
        return List.of("pixel_mse", "kl");
    }

    @Override
    public List<String> epochMetrics() {
        return generation.epochMetrics();
    }

    @Override
    public String bestEpochMetric(boolean validation) {
        return generation.epochMetrics().isEmpty() ? Task.super.bestEpochMetric(validation) : "frechet_distance";
    }

    @Override
    public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
        Networks nets = step.networks();
        Trainer enc = nets.trainer("encoder");
        Trainer dec = nets.trainer("decoder");
        Trainer dis = nets.trainer("discriminator");
        NDArray x = batch.getData().head();
        int n = batch.getSize();
        int latent = generation.latent();
        Random rng = step.random();
        NDArray eps = x.getManager().create(Generation.gaussian(rng, n * latent), new Shape(n, latent));
        NDArray zPrior = x.getManager().create(Generation.gaussian(rng, n * latent), new Shape(n, latent));
        NDArray realFeatures;
        NDArray code;
        float kl;
        float featureLoss;
        step.zeroGradients("encoder");
        try (GradientCollector gc = enc.newGradientCollector()) { // encoder <- KL + L_feature
            NDList muLogvar = enc.forward(new NDList(x));
            NDArray z = VaeLosses.reparameterise(muLogvar.get(0), muLogvar.get(1), eps);
            realFeatures = dis.forward(new NDList(x)).get(1).stopGradient();
            NDArray recFeatures = dis.forward(dec.forward(new NDList(z))).get(1);
            NDArray klTerm = Arithmetic.div(VaeLosses.kl(muLogvar.get(0), muLogvar.get(1)), n);
            NDArray feature = featureLoss(recFeatures, realFeatures);
            gc.backward(klTerm.add(feature));
            kl = klTerm.getFloat();
            featureLoss = feature.getFloat();
            code = z.stopGradient();
        }
        NDArray reconstructed;
        NDArray sampled;
        float gLoss;
        step.zeroGradients("decoder");
        try (GradientCollector gc = dec.newGradientCollector()) { // decoder <- gamma L_feature + L_GAN
            reconstructed = dec.forward(new NDList(code)).head();
            sampled = dec.forward(new NDList(zPrior)).head();
            NDList r = dis.forward(new NDList(reconstructed));
            NDArray p = dis.forward(new NDList(sampled)).head();
            NDArray gan = bce(r.head(), 1).add(bce(p, 1));
            gc.backward(Arithmetic.mul(featureLoss(r.get(1), realFeatures), gamma).add(gan));
            gLoss = gan.getFloat();
            reconstructed = reconstructed.stopGradient();
            sampled = sampled.stopGradient();
        }
        float dLoss;
        step.zeroGradients("discriminator");
        try (GradientCollector gc = dis.newGradientCollector()) { // discriminator <- L_GAN
            NDArray loss = bce(dis.forward(new NDList(x)).head(), 1)
                    .add(bce(dis.forward(new NDList(reconstructed)).head(), 0))
                    .add(bce(dis.forward(new NDList(sampled)).head(), 0));
            gc.backward(loss);
            dLoss = loss.getFloat();
        }
        step.update("encoder");
        step.update("decoder");
        step.update("discriminator");
        return Map.of("kl", (double) kl, "feature_loss", (double) featureLoss, "d_loss", (double) dLoss, "g_loss",
                (double) gLoss);
    }

    /** 1/2 the squared distance of the features, summed per image, averaged over the batch. */
    private static NDArray featureLoss(NDArray features, NDArray target) {
        return Arithmetic.mul(features.sub(target).square().sum(), 0.5 / features.getShape().get(0));
    }

    private static NDArray bce(NDArray logits, int label) {
        NDArray y = label == 1 ? logits.getManager().ones(logits.getShape()) : logits.getManager().zeros(
                logits.getShape());
        return GanTask.BCE.evaluate(new NDList(y), new NDList(logits));
    }

    /** Reconstruction error in pixels (mean squared, [0, 1] scale) and KL per image, codes from the mean. */
    @Override
    public Evaluation newEvaluation(boolean test) {
        return new NetworksEvaluation() {
            double mse;
            double kl;
            long count;

            @Override
            void accumulate(Batch batch, Networks nets) {
                NDArray x = batch.getData().head();
                NDList muLogvar = nets.trainer("encoder").evaluate(new NDList(x));
                NDArray rec = generation.images(nets.trainer("decoder")::evaluate, muLogvar.get(0));
                NDArray in = generation.dataPixels(x);
                long pixels = in.getShape().size() / batch.getSize();
                mse += rec.sub(in).square().sum().getFloat() / pixels;
                kl += VaeLosses.kl(muLogvar.get(0), muLogvar.get(1)).getFloat();
                count += batch.getSize();
            }

            @Override
            public Map<String, Double> result() {
                Map<String, Double> r = new LinkedHashMap<>();
                r.put("pixel_mse", mse / count);
                r.put("kl", kl / count);
                return r;
            }
        };
    }

    @Override
    public Map<String, Double> onEpochEnd(int epoch, Networks networks, RunDirectory runDirectory) {
        Trainer dec = networks.trainer("decoder");
        return generation.onEpochEnd(epoch, dec::evaluate, dec.getManager(), runDirectory);
    }

    @Override
    public void report(Evaluation test, Batches testData, Map<String, Object> summary, RunDirectory runDirectory) {
        if (runDirectory != null && ((NetworksEvaluation) test).networks() != null) {
            EncoderPictures.write(((NetworksEvaluation) test).networks(), generation, testData, null, runDirectory);
        }
    }
}
