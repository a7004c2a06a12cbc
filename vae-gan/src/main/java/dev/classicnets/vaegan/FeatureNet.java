package dev.classicnets.vaegan;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.metrics.FeatureNetwork;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FeatureClassifier} as a {@link FeatureNetwork}: trained once on the data set by common's
 * {@link TrainingLoop} with a {@link ClassificationTask} (Adam 1e-3, batch 128, pixels in [0, 1] as they
 * are), kept under {@code runs/vae-gan/feature-net/<dataset>-seed<seed>/}, and loaded from there by every
 * later run. Features are its 128-unit penultimate layer, in inference mode.
 */
public final class FeatureNet implements FeatureNetwork, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureNet.class);
    static final String NAME = "feature-classifier";

    private final Model model;
    private final Block features;
    private final Shape imageShape;
    private final double testAccuracy;

    private FeatureNet(Model model, Shape imageShape, double testAccuracy) {
        this.model = model;
        this.features = FeatureClassifier.features((dev.classicnets.common.nn.NamedSequence) model.getBlock());
        this.imageShape = imageShape;
        this.testAccuracy = testAccuracy;
    }

    /**
     * The cached feature network for {@code data} in {@code dir}, trained there first ({@code epochs}
     * epochs) when the directory has none.
     */
    public static FeatureNet trainedOrCached(Path dir, DataSplits data, int epochs, long seed) throws IOException {
        int channels = data.train().channels();
        Shape image = new Shape(channels, data.train().height(), data.train().width());
        Path summary = dir.resolve(RunDirectory.SUMMARY);
        if (!Files.exists(summary)) {
            LOG.info("training the feature classifier for the Frechet distance once, into {}", dir);
            Files.createDirectories(dir);
            ImageBatches train = ImageBatches.builder().source(data.train()).batchSize(128).optSeed(seed).build();
            ImageBatches test = ImageBatches.builder().source(data.test()).batchSize(500).optShuffle(false).build();
            ClassificationTask task = ClassificationTask.builder()
                    .network(NAME, FeatureClassifier.build(channels, data.classNames().size()))
                    .inputShape(train.batchShape()).optOptimizer(OptimizerSettings.of("adam", 1e-3f, 0))
                    .classNames(data.classNames()).build();
            try (RunResult r = TrainingLoop.builder().task(task).optName(NAME).trainData(train).optTestData(test)
                    .epochs(epochs).optSeed(seed).optCheckpoints(false).optRunDirectory(RunDirectory.at(dir))
                    .optConfig(Map.of("purpose", "features for the Frechet distance of vae-gan runs", "dataset",
                            data.name())).build().run()) {
                LOG.info(String.format(Locale.ROOT, "feature classifier: test accuracy %.4f", r.testAccuracy()));
            }
        }
        Object accuracy = RunDirectory.readJson(summary).get("test_accuracy");
        Model model = Model.newInstance(NAME);
        model.setBlock(FeatureClassifier.build(channels, data.classNames().size()));
        try {
            model.load(dir, NAME);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException("cannot load the cached feature classifier from " + dir + " (" + e.getMessage()
                    + "); delete the folder to train it again", e);
        }
        return new FeatureNet(model, image, accuracy instanceof Number n ? n.doubleValue() : Double.NaN);
    }

    @Override
    public NDArray features(NDArray images) {
        if (!images.getShape().slice(1).equals(imageShape)) {
            throw new IllegalArgumentException("the feature network takes images " + imageShape + ", got "
                    + images.getShape().slice(1));
        }
        ParameterStore ps = new ParameterStore(images.getManager(), false);
        return features.forward(ps, new NDList(images), false).head();
    }

    @Override
    public int dimension() {
        return FeatureClassifier.FEATURES;
    }

    @Override
    public Shape imageShape() {
        return imageShape;
    }

    /** The classifier's test accuracy when it was trained. */
    public double testAccuracy() {
        return testAccuracy;
    }

    @Override
    public void close() {
        model.close();
    }
}
