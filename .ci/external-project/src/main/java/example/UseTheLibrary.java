package example;

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
import dev.classicnets.common.registry.ModelRegistry;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a user of the {@code resnet} module writes, run with that module's runtime classpath only:
 * ResNet-20 from the registry, one epoch on 128 Fashion-MNIST images through the training loop, then
 * one test image forward. It fails if a class the library must not impose is on the classpath, or if
 * the library needs one of them to work.
 */
public final class UseTheLibrary {
    private UseTheLibrary() {}

    public static void main(String[] args) throws Exception {
        for (String imposed : List.of("org.apache.logging.log4j.core.LoggerContext", "picocli.CommandLine",
                "org.knowm.xchart.XYChart", "org.junit.jupiter.api.Test")) {
            if (onClasspath(imposed)) {
                throw new IllegalStateException(imposed + " is on the classpath of a project depending on resnet");
            }
        }
        DataSplits data = MnistFamily.FASHION_MNIST.load(null, 0.0, 42);
        LabeledImages train = data.train().limit(128);
        LabeledImages test = data.test().limit(64);
        float[][] meanStd = train.channelMeanStd();
        ImageBatches trainBatches = ImageBatches.builder().source(train).batchSize(64)
                .optNormalize(meanStd[0], meanStd[1]).build();
        ImageBatches testBatches = ImageBatches.builder().source(test).batchSize(64).optShuffle(false)
                .optNormalize(meanStd[0], meanStd[1]).build();
        ClassificationTask task = ClassificationTask.builder()
                .network("resnet20", ModelRegistry.get("resnet20").build(10, 1))
                .inputShape(new Shape(1, 1, 28, 28))
                .optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0f)).classNames(data.classNames()).build();
        Path runs = Path.of(args[0]);
        try (RunResult result = TrainingLoop.builder().task(task).trainData(trainBatches).optTestData(testBatches)
                .epochs(1).optRunDirectory(RunDirectory.create(runs, "resnet")).build().run();
                NDManager manager = NDManager.newBaseManager()) {
            if (!Files.exists(result.directory().resolve("metrics.csv"))) {
                throw new IllegalStateException("no metrics.csv in " + result.directory());
            }
            float[] pixels = test.image(0).data();
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (pixels[i] - meanStd[0][0]) / meanStd[1][0];
            }
            NDArray image = manager.create(pixels, new Shape(1, 1, 28, 28));
            NDArray logits = result.network("resnet20").forward(new ParameterStore(manager, false),
                    new NDList(image), false).head();
            int predicted = (int) logits.argMax(1).getLong(0);
            System.out.printf(Locale.ROOT, "ResNet-20 from the registry, 1 epoch on %d images: test accuracy %.3f; "
                    + "test image 0 (%s) predicted %s%n", train.size(), result.testAccuracy(),
                    data.classNames().get(test.label(0)), data.classNames().get(predicted));
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, UseTheLibrary.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
