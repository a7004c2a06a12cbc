package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.ImageSet;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.EarlyStopping;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VAE's losses against hand-computed values, and its task on the loop: it learns, draws, stops early. */
class VaeTaskTest {

    @TempDir
    Path dir;

    @Test
    void lossesMatchTheirFormulas() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] l = {-3f, 0f, 2.5f, 40f};
            float[] x = {0f, 0.5f, 1f, 0.25f};
            double bce = 0;
            double se = 0;
            for (int i = 0; i < l.length; i++) {
                double p = 1 / (1 + Math.exp(-l[i]));
                bce += -(x[i] * Math.log(p) + (1 - x[i]) * Math.log1p(-p));
                se += (p - x[i]) * (p - x[i]);
            }
            NDArray logits = m.create(l, new Shape(1, 1, 2, 2));
            NDArray pixels = m.create(x, new Shape(1, 1, 2, 2));
            assertEquals(bce, VaeLosses.reconstruction(VaeLosses.Reconstruction.BERNOULLI, logits, pixels).getFloat(),
                    1e-4 * bce, "Bernoulli cross-entropy, summed (torch's binary_cross_entropy on sigmoid)");
            assertEquals(se, VaeLosses.reconstruction(VaeLosses.Reconstruction.GAUSSIAN, logits, pixels).getFloat(), 1e-5);
            // the Bernoulli term's gradient is sigmoid(l) - x, finite at logits far beyond exp's range
            float[] far = {-200f, -3f, 2.5f, 200f};
            NDArray farLogits = m.create(far, new Shape(1, 1, 2, 2));
            farLogits.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = VaeLosses.reconstruction(VaeLosses.Reconstruction.BERNOULLI, farLogits, pixels);
                assertEquals(0 + (Math.log1p(Math.exp(-3)) + 1.5) + Math.log1p(Math.exp(-2.5)) + (200 - 0.25 * 200),
                        loss.getFloat(), 1e-3, "softplus(l) - x l at l = -200, -3, 2.5, 200");
                gc.backward(loss);
            }
            float[] grad = farLogits.getGradient().toFloatArray();
            for (int i = 0; i < far.length; i++) {
                assertEquals(1 / (1 + Math.exp(-far[i])) - x[i], grad[i], 1e-6, "d/dl at l = " + far[i]);
            }
            // KL(N(1, e^0.5) || N(0, 1)) + KL(N(-2, e^-1) || N(0, 1)), per dimension -1/2 (1 + lv - mu^2 - e^lv)
            double kl = -0.5 * (1 + 0.5 - 1 - Math.exp(0.5)) - 0.5 * (1 - 1 - 4 - Math.exp(-1));
            assertEquals(kl, VaeLosses.kl(m.create(new float[] {1, -2}), m.create(new float[] {0.5f, -1})).getFloat(),
                    1e-5);
            NDArray z = VaeLosses.reparameterise(m.create(new float[] {1}), m.create(new float[] {2f}),
                    m.create(new float[] {0.5f}));
            assertEquals(1 + 0.5 * Math.E, z.getFloat(), 1e-5, "mu + eps * exp(logvar / 2)");
        }
    }

    @Test
    void aVaeLearnsDrawsItsPicturesAndStopsOnItsValidationLoss() throws Exception {
        ImageSet train = TinyData.bars(256, 1);
        ImageSet test = TinyData.bars(64, 2);
        Shape pixels = new Shape(1, TinyData.SIDE, TinyData.SIDE);
        Generation generation = new Generation(2, Generation.Output.LOGITS, pixels, 1, null);
        VaeTask task = new VaeTask(Vae.mlp(1, TinyData.SIDE, TinyData.SIDE, 32, 2), pixels,
                OptimizerSettings.of("adam", 1e-2f, 0), VaeLosses.Reconstruction.BERNOULLI, 1f, generation, test);
        RunDirectory run = RunDirectory.at(dir.resolve("vae"));
        EarlyStopping stopping = EarlyStopping.builder().monitor("validate_loss").patience(1).optMinDelta(1e9).build();
        try (RunResult r = TrainingLoop.builder().task(task).optName("vae")
                .trainData(TinyData.batches(train, 32, true, false, ImageTransform.identity()))
                .optValidationData(TinyData.batches(TinyData.bars(64, 3), 32, false, false, ImageTransform.identity()))
                .optTestData(TinyData.batches(test, 32, false, false, ImageTransform.identity()))
                .epochs(6).optRunDirectory(run).optProgress(false).addListener(stopping).build().run()) {
            assertEquals("validate_loss", r.summary().get("best_metric"), "the task names its monitor");
            assertEquals(2, r.history().size(), "no epoch improves by 1e9: stopped after patience 1");
            double first = r.history().get(0).get("train_loss");
            assertTrue(r.history().get(1).get("train_loss") < first, "the loss falls: " + r.history());
            assertEquals(r.history().get(1).get("train_loss"), r.history().get(1).get("train_reconstruction")
                    + r.history().get(1).get("train_kl"), 1e-3, "loss = reconstruction + beta KL, beta 1");
            assertTrue(r.number("test_loss") < 64, "8x8 bars cost less than 64 nats per image at chance: "
                    + r.summary());
            for (String f : List.of("samples.png", "samples/epoch-002.png", EncoderPictures.RECONSTRUCTIONS,
                    EncoderPictures.INTERPOLATION, EncoderPictures.LATENT, "encoder-0002.params",
                    "decoder-0002.params")) {
                assertTrue(Files.size(run.resolve(f)) > 0, f);
            }
        }
    }
}
