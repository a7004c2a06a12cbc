package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sample N} draws new images from a trained run's decoder without training. */
class SampleTest {

    @TempDir
    Path dir;

    @Test
    void samplesFromATrainedRun() throws Exception {
        ModelSettings settings = new ModelSettings("vae", 2, 32, 0, 0, 1, 0.9f, VaeLosses.Reconstruction.BERNOULLI, 0);
        Shape pixels = new Shape(1, TinyData.SIDE, TinyData.SIDE);
        VaeTask task = new VaeTask(Vae.mlp(1, TinyData.SIDE, TinyData.SIDE, 32, 2), pixels,
                OptimizerSettings.of("adam", 1e-2f, 0), VaeLosses.Reconstruction.BERNOULLI, 1f,
                new Generation(2, Generation.Output.LOGITS, pixels, 1, null), null);
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        Map<String, Object> config = Map.of("module", "vae-gan", "settings", settings, "image_size", TinyData.SIDE,
                "data_size", TinyData.SIDE, "channels", 1);
        try (RunResult r = TrainingLoop.builder().task(task).trainData(TinyData.batches(TinyData.bars(64, 1), 32, true,
                false, ImageTransform.identity())).epochs(1).optRunDirectory(run).optConfig(config)
                .optProgress(false).build().run()) {
            assertEquals(1, r.history().size());
        }
        assertEquals(0, Recipes.execute(new VaeGanRecipe(), "--sample", "9", "--run", run.path().toString(),
                "--seed", "3"));
        Path png = run.resolve("sample-9-seed3.png");
        assertTrue(Files.size(png) > 0);
        assertEquals(3 * (TinyData.SIDE * 2 + 2) + 2, javax.imageio.ImageIO.read(png.toFile()).getWidth(),
                "a 3x3 grid of 8 px images, scaled 2x");
    }
}
