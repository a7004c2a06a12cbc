package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Checkpoint;
import dev.classicnets.common.train.LoopSettings;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VAE-GAN's three networks on the one loop: each with its optimizer in the checkpoint, resumed exactly. */
class VaeGanTaskTest {

    @TempDir
    Path dir;

    private static VaeGanTask tiny() {
        int side = TinyData.SIDE;
        Generation generation = new Generation(4, Generation.Output.TANH, new Shape(1, side, side), 1, null);
        return new VaeGanTask(VaeGan.encoder(side, 1, 8, 4), VaeGan.decoder(side, 1, 8, 4),
                VaeGan.discriminator(side, 1, 8), new Shape(1, side, side), OptimizerSettings.of("rmsprop", 1e-3f, 0),
                0.5f, generation);
    }

    private static LoopSettings.Builder loop(RunDirectory run, ImageTransform transform) {
        return TrainingLoop.builder().task(tiny()).optName("vae-gan")
                .trainData(TinyData.batches(TinyData.bars(64, 1), 16, true, true, transform))
                .optValidationData(TinyData.batches(TinyData.bars(32, 2), 16, false, true, ImageTransform.identity()))
                .epochs(2).optRunDirectory(run).optProgress(false);
    }

    @Test
    void threeNetworksCheckpointAndResumeExactly() {
        try (RunResult whole = loop(RunDirectory.at(dir.resolve("whole")), ImageTransform.identity()).build().run()) {
            assertEquals(List.of("encoder", "decoder", "discriminator"), List.copyOf(whole.models().keySet()));
            assertEquals("validate_pixel_mse", whole.summary().get("best_metric"), "without a Frechet score");
            for (String m : List.of("train_kl", "train_feature_loss", "train_d_loss", "train_g_loss")) {
                assertTrue(Double.isFinite(whole.history().get(1).get(m)), m);
            }
            try (NDManager m = NDManager.newBaseManager()) {
                Checkpoint c = Checkpoint.read(whole.directory().resolve(Checkpoint.LAST), m);
                for (String net : List.of("encoder", "decoder", "discriminator")) {
                    assertFalse(c.optimizer(net).isEmpty(), "RMSprop's state of the " + net);
                }
            }
            RunDirectory run = RunDirectory.at(dir.resolve("killed"));
            assertThrows(IllegalStateException.class, () -> loop(run, TinyData.failingAt(64 + 20)).build().run());
            try (RunResult resumed = loop(run, ImageTransform.identity()).optResume(true).build().run()) {
                assertEquals(whole.history().get(1).get("train_feature_loss"),
                        resumed.history().get(1).get("train_feature_loss"), 1e-5);
                for (String net : List.of("encoder", "decoder", "discriminator")) {
                    GanTaskTest.assertSameParameters(whole.network(net), resumed.network(net), net);
                }
            }
        }
    }
}
