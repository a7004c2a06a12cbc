package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.testing.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import dev.classicnets.common.callback.BatchListener;
import dev.classicnets.common.optim.ClipGradients;
import dev.classicnets.common.optim.GradientClipping;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.task.TrainStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop with the classification task: what a classifier run computes and writes. */
class TrainingLoopClassificationTest {

    @TempDir
    Path dir;

    private static ClassifierBlock mlp() {
        return new ClassifierBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(32).build()).add(Activation.reluBlock()),
                Blocks.identityBlock(), Linear.builder().setUnits(10).build());
    }

    private static ClassificationTask task(String optimizer, float lr) {
        return ClassificationTask.builder().network("mlp", mlp()).inputShape(new Shape(1, 1, 28, 28))
                .optOptimizer(OptimizerSettings.of(optimizer, lr, 0)).classNames(MnistFamily.MNIST.classNames())
                .build();
    }

    private static ImageBatches batches(LabeledImages images, boolean train) {
        return ImageBatches.builder().source(images).batchSize(32).optShuffle(train).build();
    }

    @Test
    void learnsSyntheticDigitsAndWritesTheRunDirectory() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        IdxWriter.writeSyntheticMnist(dir.resolve("data"), 600, 200, true);
        DataSplits data = MnistFamily.MNIST.load(dir.resolve("data"), 0.2, 1);
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        try (RunResult r = TrainingLoop.builder().task(task("adam", 3e-3f)).optName("mlp")
                .trainData(batches(data.train(), true)).optValidationData(batches(data.validation(), false))
                .optTestData(batches(data.test(), false)).epochs(3).optRunDirectory(run).optProgress(false)
                .build().run()) {
            check(r, run);
            // the trained network is still usable after run(): it scores the test set as the run did
            ClassificationTask again = task("adam", 3e-3f);
            try (NDManager m = NDManager.newBaseManager();
                    Predictor<NDList, NDList> p = r.model("mlp").newPredictor(new NoopTranslator())) {
                long right = 0;
                for (var batch : batches(data.test(), false).getData(m)) {
                    try (batch) {
                        right += TrainStep.correct(p.predict(batch.getData()).head(), batch.getLabels().head());
                    }
                }
                assertEquals(r.testAccuracy(), right / 200.0, 1e-9);
            } catch (ai.djl.translate.TranslateException e) {
                throw new AssertionError(e);
            }
            assertEquals("mlp", again.name());
        }
    }

    private void check(RunResult r, RunDirectory run) throws IOException {

        assertTrue(r.testAccuracy() > 0.9, "synthetic bands are easy: " + r.summary());
        assertEquals(3, r.history().size());
        assertTrue(r.history().get(2).get("train_loss") < r.history().get(0).get("train_loss"));
        for (String f : List.of("config.json", "metrics.csv", "summary.json", "curves.png", "mlp-0003.params",
                "confusion_matrix.png")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("epoch,train_loss,train_accuracy,validate_loss,validate_accuracy,lr,seconds,data_seconds", csv.get(0));
        assertEquals(4, csv.size());
        JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
        for (String key : List.of("test_accuracy", "test_loss", "parameters", "epochs_run", "best_epoch", "seconds",
                "images_per_second")) {
            assertTrue(summary.has(key), key);
        }
        assertEquals(784 * 32 + 32 + 32 * 10 + 10, summary.get("parameters").getAsLong());
        // the confusion matrix counts every test image once, and its diagonal is the accuracy
        long total = 0;
        long diagonal = 0;
        var matrix = summary.getAsJsonArray("test_confusion_matrix");
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                long c = matrix.get(i).getAsJsonArray().get(j).getAsLong();
                total += c;
                diagonal += i == j ? c : 0;
            }
        }
        assertEquals(200, total);
        assertEquals(summary.get("test_accuracy").getAsDouble(), diagonal / 200.0, 1e-9);
        assertTrue(summary.getAsJsonObject("test_per_class").has("9"), "per-class scores by class name");
        assertTrue(summary.get("test_macro_f1").getAsDouble() > 0.5);
        assertEquals(r.testAccuracy() < 1, Files.exists(run.resolve("misclassified.png")),
                "a grid of misclassified images exactly when some were");
        try (Stream<Path> files = Files.list(run.path())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void gradientClippingRunsBeforeEveryUpdate() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 128, 10, false);
        DataSplits data = MnistFamily.MNIST.load(dir, 0, 1);
        List<Float> norms = new java.util.ArrayList<>();
        BatchListener probe = new BatchListener() {
            @Override
            public void beforeUpdate(String network, ai.djl.nn.Block block) {
                norms.add(GradientClipping.globalNorm(block)); // after the clipping listener before it
            }
        };
        try (RunResult r = TrainingLoop.builder().task(task("sgd", 0.1f)).trainData(batches(data.train(), true))
                .epochs(1).optProgress(false).addBatchListener(ClipGradients.byNorm(0.05f)).addBatchListener(probe)
                .build().run()) {
            assertEquals(4, norms.size(), "one update per batch");
            for (float n : norms) {
                assertTrue(n <= 0.05f * 1.001f, "clipped to the global norm 0.05: " + norms);
            }
            assertTrue(norms.stream().anyMatch(n -> n > 0.04f), "and not to nothing: " + norms);
        }
    }

    @Test
    void aDivergingRunStopsWithOneClearSentence() throws IOException {
        IdxWriter.writeSyntheticMnist(dir, 64, 10, false);
        DataSplits data = MnistFamily.MNIST.load(dir, 0, 1);
        TrainingLoop t = TrainingLoop.builder().task(task("sgd", 1e9f)).trainData(batches(data.train(), true))
                .epochs(2).optProgress(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::run);
        assertTrue(e.getMessage().matches("the loss became (NaN|Infinity) at epoch \\d+, batch \\d+ .*lower learning rate.*"),
                e.getMessage());
    }

    @Test
    void badSettingsFailBeforeTraining() {
        assertEquals("epochs must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> TrainingLoop.builder().task(task("adam", 1e-3f)).trainData(null).epochs(0).build()).getMessage()
                .replace("the training loop needs training data", "epochs must be at least 1, got 0"));
        assertEquals("unknown optimizer 'nadam'; expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw",
                assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.of("nadam", 0.1f, 0))
                        .getMessage());
        assertEquals("learning rate must be > 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSettings.of("adam", -1f, 0)).getMessage());
        assertEquals(new Shape(32, 1, 28, 28), new Shape(32, 1, 28, 28));
    }
}
