package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.Checkpoint;
import dev.classicnets.common.train.Evaluation;
import dev.classicnets.common.train.LoopSettings;
import dev.classicnets.common.train.Network;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.Task;
import dev.classicnets.common.train.TrainingLoop;
import dev.classicnets.common.train.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DCGAN's task on the one loop: D untouched by G's step, and a killed run resumed continues both exactly. */
class GanTaskTest {

    @TempDir
    Path dir;

    static GanTask tinyGan() {
        int side = TinyData.SIDE;
        Generation generation = new Generation(4, Generation.Output.TANH, new Shape(1, side, side), 1, null);
        return new GanTask(Dcgan.generator(side, 1, 4, 8), Dcgan.discriminator(side, 1, 8, 1), new Shape(1, side, side),
                OptimizerSettings.of("adam", 2e-3f, 0).withBeta1(0.5f), generation);
    }

    private LoopSettings.Builder loop(Task task, RunDirectory run, ImageTransform transform) {
        return TrainingLoop.builder().task(task).optName("dcgan")
                .trainData(TinyData.batches(TinyData.bars(96, 1), 16, true, true, transform))
                .optValidationData(TinyData.batches(TinyData.bars(32, 2), 16, false, true, ImageTransform.identity()))
                .epochs(3).optRunDirectory(run).optProgress(false);
    }

    @Test
    void aKilledRunResumedContinuesBothNetworksExactly() {
        try (RunResult whole = loop(tinyGan(), RunDirectory.at(dir.resolve("whole")), ImageTransform.identity())
                .build().run()) {
            assertEquals(List.of("generator", "discriminator"), new ArrayList<>(whole.models().keySet()));
            assertEquals("train_g_loss", whole.summary().get("best_metric"), "without a Frechet score");
            assertTrue(Files.exists(whole.directory().resolve("samples/epoch-003.png")));
            assertTrue(Files.exists(whole.directory().resolve("generator-0003.params")));
            try (NDManager m = NDManager.newBaseManager()) {
                Checkpoint c = Checkpoint.read(whole.directory().resolve(Checkpoint.LAST), m);
                assertFalse(c.optimizer("generator").isEmpty(), "Adam's moments of the generator");
                assertFalse(c.optimizer("discriminator").isEmpty(), "and of the discriminator");
            }
            RunDirectory run = RunDirectory.at(dir.resolve("killed"));
            // dies in epoch 2 (96 images per epoch): the checkpoint of epoch 1 is what is left
            assertThrows(IllegalStateException.class, () -> loop(tinyGan(), run, TinyData.failingAt(96 + 40))
                    .build().run());
            try (RunResult resumed = loop(tinyGan(), run, ImageTransform.identity()).optResume(true).build().run()) {
                assertEquals(1, ((Number) resumed.summary().get("resumed_at_epoch")).intValue());
                for (int e = 0; e < 3; e++) {
                    for (String k : List.of("train_d_loss", "train_g_loss", "validate_d_loss")) {
                        assertEquals(whole.history().get(e).get(k), resumed.history().get(e).get(k), 1e-6,
                                k + " of epoch " + (e + 1));
                    }
                }
                for (String net : List.of("generator", "discriminator")) {
                    assertSameParameters(whole.network(net), resumed.network(net), net);
                }
            }
        }
    }

    @Test
    void theGeneratorStepLeavesTheDiscriminatorUnchanged() {
        GanTask gan = tinyGan();
        List<Integer> checked = new ArrayList<>();
        Task probe = new Task() {
            public List<Network> networks() {
                return gan.networks();
            }

            public List<String> trainMetrics() {
                return gan.trainMetrics();
            }

            public List<String> evaluationMetrics() {
                return gan.evaluationMetrics();
            }

            public Evaluation newEvaluation(boolean test) {
                return gan.newEvaluation(test);
            }

            public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
                NDArray real = batch.getData().head();
                NDArray z = real.getManager().create(Generation.gaussian(new Random(step.batch()), batch.getSize() * 4),
                        new Shape(batch.getSize(), 4));
                Block d = step.networks().block("discriminator");
                Block g = step.networks().block("generator");
                float[][] gBefore = weights(g);
                NDArray fake = GanTask.discriminatorStep(step, real, z).fake();
                assertUnchanged(gBefore, weights(g), "the discriminator step leaves the generator");
                float[][] dBefore = weights(d);
                float[] out = GanTask.generatorStep(step, fake);
                assertUnchanged(dBefore, weights(d), "the generator step leaves the discriminator");
                assertFalse(java.util.Arrays.equals(gBefore[0], weights(g)[0]), "the generator moved");
                checked.add(step.batch());
                return Map.of("d_loss", 0.0, "g_loss", (double) out[0], "d_real", 0.0, "d_fake", (double) out[1]);
            }
        };
        try (RunResult r = TrainingLoop.builder().task(probe).trainData(TinyData.batches(TinyData.bars(48, 3), 16,
                true, true, ImageTransform.identity())).epochs(1).optProgress(false).build().run()) {
            assertEquals(List.of(0, 1, 2), checked, "every batch was checked");
        }
    }

    /** Every parameter array, batch norm's running statistics excepted (a forward pass in training moves them). */
    private static float[][] weights(Block block) {
        return block.getParameters().stream().filter(p -> p.getValue().requiresGradient())
                .map(p -> p.getValue().getArray().toFloatArray()).toArray(float[][]::new);
    }

    private static void assertUnchanged(float[][] before, float[][] after, String what) {
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 0f, what + ": parameter " + i);
        }
    }

    static void assertSameParameters(Block a, Block b, String name) {
        var pa = a.getParameters();
        var pb = b.getParameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).getValue().getArray().toFloatArray(),
                    pb.get(i).getValue().getArray().toFloatArray(), 1e-6f, name + " " + pa.get(i).getKey());
        }
    }
}
