package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.classicnets.common.augment.Image;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.ClassifierSpec;
import dev.classicnets.common.task.Prediction;
import dev.classicnets.common.train.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe's run directory is a trained classifier: {@code Classifier.load} rebuilds it from
 * classifier.json and the parameters alone and reproduces the run's test figures; it predicts a PNG as the
 * test pipeline does, extracts features, and saves and reloads itself.
 */
class ClassifierTest {

    @TempDir
    static Path dir;

    static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Recipes.execute(new LeNetRecipe(), "--limit", "600", "--epochs", "1", "--seed", "5",
                    "--out", run.toString());
            assertEquals(0, code);
        } finally {
            System.setOut(out);
        }
    }

    private static ImageBatches testBatches(ClassifierSpec spec, LabeledImages test) {
        return ImageBatches.builder().source(test).batchSize(256).optShuffle(false)
                .optTransform(spec.evalTransformSteps())
                .optNormalize(spec.normalization().mean(), spec.normalization().std()).build();
    }

    @Test
    void loadRebuildsTheRunFromItsDirectoryAndReproducesItsTestFigures() throws Exception {
        Map<String, Object> summary = RunDirectory.readJson(run.resolve(RunDirectory.SUMMARY));
        DataSplits data = MnistFamily.FASHION_MNIST.load(null, 0.1, 5);
        try (Classifier c = Classifier.load(run)) {
            assertEquals(Architecture.of("lenet5").name(), c.spec().architecture().name());
            assertEquals(data.classNames(), c.classNames());
            Map<String, Object> figures = c.evaluate(testBatches(c.spec(), data.test()));
            assertEquals(((Number) summary.get("test_accuracy")).doubleValue(),
                    (Double) figures.get("test_accuracy"), 1e-9);
            long[][] matrix = (long[][]) figures.get("test_confusion_matrix");
            List<?> recorded = (List<?>) summary.get("test_confusion_matrix");
            for (int i = 0; i < matrix.length; i++) {
                for (int j = 0; j < matrix.length; j++) {
                    assertEquals(((Number) ((List<?>) recorded.get(i)).get(j)).longValue(), matrix[i][j]);
                }
            }
        }
    }

    @Test
    void aPngIsPredictedAsTheTestPipelineSeesTheImage() throws Exception {
        DataSplits data = MnistFamily.FASHION_MNIST.load(null, 0.1, 5);
        Image item = data.test().image(0);
        BufferedImage png = new BufferedImage(item.width(), item.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < item.height(); y++) {
            for (int x = 0; x < item.width(); x++) {
                int v = Math.round(item.get(0, y, x) * 255);
                png.getRaster().setSample(x, y, 0, v);
            }
        }
        Path file = dir.resolve("item0.png");
        ImageIO.write(png, "png", file.toFile());
        try (Classifier c = Classifier.load(run); NDManager manager = NDManager.newBaseManager()) {
            List<Prediction> fromFile = c.predict(file, 3);
            assertEquals(3, fromFile.size());
            assertTrue(fromFile.get(0).probability() >= fromFile.get(1).probability());
            ImageBatches one = testBatches(c.spec(), data.test().limit(1));
            NDArray x = one.getData(manager).iterator().next().getData().head();
            List<Prediction> fromBatch = c.predict(x, 3).get(0);
            for (int i = 0; i < 3; i++) {
                assertEquals(fromBatch.get(i).index(), fromFile.get(i).index());
                assertEquals(fromBatch.get(i).probability(), fromFile.get(i).probability(), 1e-5);
            }
            assertEquals(data.classNames().get(fromFile.get(0).index()), fromFile.get(0).className());
            NDArray features = c.features(x);
            assertEquals(2, features.getShape().dimension());
            assertEquals(1, features.getShape().get(0));
        }
    }

    @Test
    void saveThenLoadGivesTheSameScores() throws Exception {
        Path copy = dir.resolve("copy");
        try (Classifier c = Classifier.load(run); NDManager manager = NDManager.newBaseManager()) {
            c.save(copy);
            NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(4, 1, 28, 28));
            try (Classifier d = Classifier.load(copy)) {
                assertArrayEquals(c.logits(x, manager).toFloatArray(), d.logits(x, manager).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void aDirectoryWithoutClassifierJsonIsRefusedInOneSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifier.load(dir));
        assertTrue(e.getMessage().contains("has no classifier.json"), e.getMessage());
    }
}
