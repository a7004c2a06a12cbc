package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.TrainingLoop;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example, compiled and run; the README must show exactly this code. */
class ReadmeExampleTest {

    @TempDir
    Path runs;

    // README example start
    static RunResult trainLeNet(int trainImages, int epochs, Path runs) throws IOException {
        DataSplits data = MnistFamily.FASHION_MNIST.load(null, 0.1, 42); // --data-dir, Debian, DJL cache
        LabeledImages train = data.train().limit(trainImages);
        float[][] meanStd = train.channelMeanStd();
        ImageBatches trainBatches = ImageBatches.builder().source(train).batchSize(128)
                .optNormalize(meanStd[0], meanStd[1]).build();
        ImageBatches testBatches = ImageBatches.builder().source(data.test()).batchSize(256)
                .optShuffle(false).optNormalize(meanStd[0], meanStd[1]).build();

        ClassificationTask task = ClassificationTask.builder()
                .network("lenet5", LeNet5.builder().numClasses(10).build()).inputShape(new Shape(1, 1, 28, 28))
                .optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0f)).classNames(data.classNames())
                .build();
        return TrainingLoop.builder().task(task)
                .trainData(trainBatches).optTestData(testBatches).epochs(epochs)
                .optRunDirectory(RunDirectory.create(runs, "lenet")) // runs/lenet/<timestamp>/
                .build().run(); // close the result when done with the trained network
    }

    static Model reload(Path runDirectory) throws Exception {
        Model model = Model.newInstance("lenet5");
        model.setBlock(LeNet5.builder().numClasses(10).build()); // the same architecture
        model.load(runDirectory, "lenet5"); // the newest lenet5-NNNN.params
        return model;
    }
    // README example end

    @Test
    void theReadmeExampleTrainsAndReloads() throws Exception {
        try (RunResult r = trainLeNet(3000, 1, runs); Model a = reload(r.directory());
                NDManager m = NDManager.newBaseManager()) {
            assertTrue(r.testAccuracy() > 0.6, "one epoch on 3,000 images is far above chance: " + r.summary());
            NDArray x = m.randomNormal(new Shape(2, 1, 28, 28));
            // the network the run trained, still usable, and the one reloaded from its files agree
            assertArrayEquals(
                    r.network("lenet5").forward(new ParameterStore(m, false), new NDList(x), false).head()
                            .toFloatArray(),
                    a.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray());
        }
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/classicnets/lenet/ReadmeExampleTest.java"),
                StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// README example start\n") + 24,
                source.indexOf("    // README example end")).stripTrailing().stripIndent().strip();
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(example), "README.md must contain the example exactly as it is here:\n" + example);
    }
}
