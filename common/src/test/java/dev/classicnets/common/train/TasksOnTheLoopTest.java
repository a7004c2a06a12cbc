package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Batch;
import ai.djl.util.Pair;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.Images;
import dev.classicnets.common.testing.ToyAdversarialTask;
import dev.classicnets.common.task.SegmentationTask;
import dev.classicnets.common.testing.ToySegmentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kinds of model other than classification on the one loop: image to mask, and two adversarial networks. */
class TasksOnTheLoopTest {

    @TempDir
    Path dir;

    private static ImageBatches batches(Images images, boolean train, ImageTransform transform) {
        return ImageBatches.builder().source(images).batchSize(16).optShuffle(train).optTransform(transform).build();
    }

    /** Passes images through unchanged, and fails at its {@code failAt}-th image (an injected crash). */
    private static ImageTransform failingAt(int failAt) {
        AtomicInteger seen = new AtomicInteger();
        return (image, rng) -> {
            if (seen.incrementAndGet() == failAt) {
                throw new IllegalStateException("injected failure");
            }
            return image;
        };
    }

    private LoopSettings.Builder segmentation(RunDirectory run, ImageTransform transform) {
        return TrainingLoop.builder().task(ToySegmentation.task()).optName("toy-segmentation")
                .trainData(batches(ToySegmentation.data(160, 1), true, transform))
                .optValidationData(batches(ToySegmentation.data(48, 2), false, ImageTransform.identity()))
                .optTestData(batches(ToySegmentation.data(48, 3), false, ImageTransform.identity()))
                .epochs(4).optRunDirectory(run).optProgress(false)
                .addListener(EarlyStopping.builder().monitor("validate_mean_iou").patience(3).build());
    }

    @Test
    void anImageToMaskTaskLearnsCheckpointsAndResumesExactly() throws IOException {
        RunDirectory reference = RunDirectory.at(dir.resolve("reference"));
        try (RunResult whole = segmentation(reference, ImageTransform.identity()).build().run()) {
            assertTrue(whole.number("test_mean_iou") > 0.8, "bright squares are easy: " + whole.summary());
            assertEquals("epoch,train_loss,train_pixel_accuracy,validate_loss,validate_pixel_accuracy,"
                    + "validate_mean_iou,validate_dice,lr,seconds,data_seconds",
                    Files.readAllLines(reference.resolve(RunDirectory.METRICS)).get(0));
            for (String f : List.of("segmenter-0004.params", "curves.png", "last.ckpt", "best.ckpt", "summary.json",
                    SegmentationTask.PREDICTIONS)) {
                assertTrue(Files.size(reference.resolve(f)) > 0, f);
            }
            assertEquals("validate_mean_iou", whole.summary().get("best_metric"), "the task names its monitor");
            assertTrue(whole.summary().get("test_per_class") instanceof Map<?, ?> perClass
                    && perClass.containsKey("square"), "per-class IoU in summary.json: " + whole.summary());

            RunDirectory run = RunDirectory.at(dir.resolve("run"));
            assertThrows(IllegalStateException.class, () -> segmentation(run, failingAt(160 + 50)).build().run());
            try (RunResult resumed = segmentation(run, ImageTransform.identity()).optResume(true).build().run()) {
                assertEquals(1, ((Number) resumed.summary().get("resumed_at_epoch")).intValue());
                assertSameHistory(whole, resumed, "train_loss", "validate_mean_iou", "lr");
                assertEquals(whole.number("test_mean_iou"), resumed.number("test_mean_iou"), 1e-9);
            }
        }
    }

    private LoopSettings.Builder adversarial(RunDirectory run, ImageTransform transform) {
        return TrainingLoop.builder().task(new ToyAdversarialTask()).optName("toy-gan")
                .trainData(batches(ToyAdversarialTask.data(256, 1), true, transform))
                .optValidationData(batches(ToyAdversarialTask.data(64, 2), false, ImageTransform.identity()))
                .epochs(3).optRunDirectory(run).optProgress(false)
                .addListener(EarlyStopping.builder().monitor("validate_distance").patience(5)
                        .optRestoreBestWeights(true).build());
    }

    @Test
    void twoAdversarialNetworksCheckpointAndResumeBothExactly() throws IOException {
        RunDirectory reference = RunDirectory.at(dir.resolve("reference"));
        try (RunResult whole = adversarial(reference, ImageTransform.identity()).build().run()) {
            List<String> header = List.of(Files.readAllLines(reference.resolve(RunDirectory.METRICS)).get(0).split(","));
            assertEquals(List.of("epoch", "train_d_loss", "train_g_loss", "validate_distance", "lr_generator",
                    "lr_discriminator", "seconds", "data_seconds"), header);
            assertTrue(whole.history().get(2).get("validate_distance") < whole.history().get(0).get("validate_distance")
                    || whole.history().get(0).get("validate_distance") < 0.5, "the generator moves toward the data");
            try (NDManager m = NDManager.newBaseManager()) {
                Checkpoint c = Checkpoint.read(reference.resolve(Checkpoint.LAST), m);
                assertEquals(List.of("generator", "discriminator"), new ArrayList<>(c.networks()));
                assertFalse(c.optimizer("generator").isEmpty(), "Adam's moments of the generator");
                assertFalse(c.optimizer("discriminator").isEmpty(), "and of the discriminator");
            }
            assertTrue(Files.exists(reference.resolve("generator-0003.params")));
            assertTrue(Files.exists(reference.resolve("discriminator-0003.params")));

            // killed in epoch 2, resumed: both networks and both optimizers continue exactly
            RunDirectory run = RunDirectory.at(dir.resolve("run"));
            assertThrows(IllegalStateException.class, () -> adversarial(run, failingAt(256 + 100)).build().run());
            try (RunResult resumed = adversarial(run, ImageTransform.identity()).optResume(true).build().run()) {
                assertSameHistory(whole, resumed, "train_d_loss", "train_g_loss", "validate_distance");
                for (String net : List.of("generator", "discriminator")) {
                    assertSameParameters(whole.network(net), resumed.network(net), net);
                }
            }
        }
    }

    @Test
    void aGeneratorStepLeavesTheDiscriminatorUnchanged() {
        List<String> checked = new ArrayList<>();
        ToyAdversarialTask inner = new ToyAdversarialTask();
        Task probe = new Task() {
            public List<Network> networks() {
                return inner.networks();
            }

            public List<String> trainMetrics() {
                return inner.trainMetrics();
            }

            public List<String> evaluationMetrics() {
                return inner.evaluationMetrics();
            }

            public Evaluation newEvaluation(boolean test) {
                return inner.newEvaluation(test);
            }

            public Map<String, Double> trainStep(Batch batch, TrainingStep step) {
                Map<String, Double> metrics = inner.trainStep(batch, step); // D's step, then G's
                Block d = step.networks().block("discriminator");
                float[][] before = weights(d);
                NDArray z = batch.getManager().randomNormal(new ai.djl.ndarray.types.Shape(batch.getSize(), 4));
                ToyAdversarialTask.generatorStep(step, z);
                float[][] after = weights(d);
                for (int i = 0; i < before.length; i++) {
                    assertArrayEquals(before[i], after[i], 0f, "discriminator parameter " + i);
                }
                // DJL leaves the generator step's gradients in D (not zeroed when a collector opens) ...
                assertTrue(gradientNorm(d) > 0, "gradients leak into the discriminator");
                step.zeroGradients("discriminator"); // ... which the next D step clears first
                assertEquals(0, gradientNorm(d), 0);
                checked.add("batch " + step.batch());
                return metrics;
            }
        };
        try (RunResult r = TrainingLoop.builder().task(probe).trainData(batches(ToyAdversarialTask.data(64, 1), true,
                ImageTransform.identity())).epochs(1).optProgress(false).build().run()) {
            assertEquals(4, checked.size(), "every batch was checked");
            assertEquals(1, r.history().size());
        }
    }

    private static float[][] weights(Block block) {
        return block.getParameters().stream().map(p -> p.getValue().getArray().toFloatArray())
                .toArray(float[][]::new);
    }

    private static double gradientNorm(Block block) {
        double sum = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                for (float v : g.toFloatArray()) {
                    sum += v * v;
                }
            }
        }
        return Math.sqrt(sum);
    }

    private static void assertSameHistory(RunResult a, RunResult b, String... keys) {
        assertEquals(a.history().size(), b.history().size());
        for (int e = 0; e < a.history().size(); e++) {
            for (String key : keys) {
                assertEquals(a.history().get(e).get(key), b.history().get(e).get(key), 1e-5, key + " of epoch "
                        + (e + 1));
            }
        }
    }

    private static void assertSameParameters(Block a, Block b, String name) {
        var pa = a.getParameters();
        var pb = b.getParameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).getValue().getArray().toFloatArray(),
                    pb.get(i).getValue().getArray().toFloatArray(), 1e-5f, name + " " + pa.get(i).getKey());
        }
    }
}
