package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.testing.IdxWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The recipe from the command line: counts, errors, a short real run, the degradation experiment. */
class ResNetRecipeTest {

    @TempDir
    Path dir;

    /** Runs the recipe, returning {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Recipes.execute(new ResNetRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A recipe with its options parsed but not run. */
    private static ResNetRecipe parsed(String... args) {
        ResNetRecipe recipe = new ResNetRecipe();
        new CommandLine(recipe).parseArgs(args);
        return recipe;
    }

    private static Preset preset(String name) {
        return new ResNetRecipe().presets().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void summaryPrintsThePublishedCounts() {
        Object[] cifar = run("--summary");
        assertEquals(0, cifar[0], cifar[2].toString());
        assertTrue(cifar[1].toString().contains("resnet-20 for 3x28x28 input, 10 classes"), cifar[1].toString());
        assertTrue(cifar[1].toString().contains("Total trainable parameters: 269,722 (269722)"), cifar[1].toString());
        Object[] plain = run("--summary", "--depth", "56", "--plain");
        assertTrue(plain[1].toString().contains("plain-56 for 3x28x28") && plain[1].toString().contains("(853018)"),
                plain[1].toString());
        // torchvision's table: 11.7M parameters, 1.81 G multiply-adds ("GFLOPS") at 224x224
        Object[] imageNet = run("--summary", "--preset", "paper-imagenet", "--classes", "1000");
        String out = imageNet[1].toString();
        assertTrue(out.contains("resnet-18 for 3x224x224 input, 1000 classes"), out);
        assertTrue(out.contains("(11689512)"), out);
        assertTrue(out.contains("Multiply-adds per 3x224x224 image: 1,81"), out);
        Object[] deep = run("--summary", "--depth", "50", "--classes", "1000");
        assertTrue(deep[1].toString().contains("(25557032)"), deep[1].toString());
    }

    @Test
    void badOptionsAreOneClearError() {
        Object[] depth = run("--depth", "19", "--summary");
        assertEquals(2, depth[0]);
        assertEquals("error: unknown --depth 19; expected one of 18, 34, 50, 101, 152, 20, 32, 44, 56, 110",
                depth[2].toString().strip());
        Object[] experiment = run("--experiment", "ablation");
        assertEquals(2, experiment[0]);
        assertEquals("error: unknown --experiment 'ablation'; expected degradation or fine-tune", experiment[2].toString().strip());
        Object[] both = run("--experiment", "degradation", "--depth", "110");
        assertEquals(2, both[0]);
        assertTrue(both[2].toString().strip().startsWith("error: --experiment degradation trains plain-20,"),
                both[2].toString());
        assertEquals(1, both[2].toString().strip().lines().count(), both[2].toString());
        Object[] preset = run("--preset", "paper");
        assertEquals("error: unknown --preset 'paper'; expected one of cpu, paper-cifar, paper-imagenet",
                preset[2].toString().strip());
    }

    @Test
    void paperSchedulesDivideByTenAtTheirUpdates() {
        Preset cifar = preset("paper-cifar");
        Tracker lr = cifar.learningRateTracker(422);
        assertEquals(0.1f, lr.getNewValue(32_000), 1e-7f);
        assertEquals(0.01f, lr.getNewValue(32_001), 1e-7f);
        assertEquals(0.001f, lr.getNewValue(48_001), 1e-7f);
        assertTrue(cifar.epochs() * 422 >= 64_000, "the preset covers 64k updates: " + cifar.epochs());

        Preset imageNet = preset("paper-imagenet");
        Tracker lrImageNet = imageNet.learningRateTracker(211);
        assertEquals(0.1f, lrImageNet.getNewValue(150_000), 1e-7f);
        assertEquals(0.01f, lrImageNet.getNewValue(150_001), 1e-7f);
        assertEquals(0.0001f, lrImageNet.getNewValue(450_001), 1e-9f);

        // cpu: the same shape over its own run, here of 100 updates an epoch
        Preset cpu = preset("cpu");
        int total = cpu.epochs() * 100;
        Tracker lrCpu = cpu.learningRateTracker(100);
        assertEquals(0.1f, lrCpu.getNewValue(total / 2), 1e-7f);
        assertEquals(0.01f, lrCpu.getNewValue(total / 2 + 1), 1e-7f);
        assertEquals(0.001f, lrCpu.getNewValue(total * 3 / 4 + 1), 1e-7f);
    }

    /**
     * The cpu preset's {@code multistep:milestones=50%/75%} gives, update for update, the rates of the
     * MultiFactor tracker the recipe built by hand before (steps at total/2 and total*3/4) for the 0.9332 run:
     * 18 epochs of 422 batches.
     */
    @Test
    void theCpuScheduleIsUpdateForUpdateTheOneTheMeasuredRunUsed() {
        int perEpoch = 422;
        int total = 18 * perEpoch;
        Tracker before = Tracker.multiFactor().setBaseValue(0.1f).setSteps(new int[] {total / 2, total * 3 / 4})
                .optFactor(0.1f).build();
        Tracker now = preset("cpu").learningRateTracker(perEpoch);
        for (int u = 1; u <= total; u++) {
            assertEquals(before.getNewValue(u), now.getNewValue(u), 0f, "update " + u);
        }
    }

    @Test
    void aShortRealRunOnFashionMnistWritesTheRunDirectory() throws Exception {
        Path out = dir.resolve("run");
        // a gentler rate than the preset's 0.1, whose first few updates may raise the loss
        Object[] r = run("--limit", "512", "--epochs", "2", "--lr", "0.02", "--validation", "0", "--out",
                out.toString());
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("test accuracy: "), r[1].toString());
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "summary.json", "resnet-20-0002.params")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(512, config.get("train_images").getAsInt());
        assertEquals(20, config.get("depth").getAsInt());
        assertEquals(269_434, config.get("parameters").getAsInt()); // one input channel: 269,722 - 2 x 144
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(Double.parseDouble(rows.get(2).split(",")[1]) < Double.parseDouble(rows.get(1).split(",")[1]),
                "the training loss falls: " + rows);
    }

    /** On a small synthetic MNIST-format set, so that the four networks take seconds. */
    @Test
    void degradationExperimentDrawsFourNetworksInOneFigure() throws Exception {
        IdxWriter.writeSyntheticMnist(Files.createDirectories(dir.resolve("data")), 192, 64, false);
        Path out = dir.resolve("degradation");
        Object[] r = run("--experiment", "degradation", "--data-dir", dir.resolve("data").toString(), "--dataset",
                "mnist", "--epochs", "2", "--validation", "0.25", "--out", out.toString());
        assertEquals(0, r[0], r[2].toString());
        String text = r[1].toString();
        assertTrue(text.contains("degradation experiment: up to 10,000 training images, 2 epochs"), text);
        assertTrue(text.matches("(?s).*plain-56 trains (worse than|better than|as well as) plain-20 .*"), text);
        assertTrue(text.matches("(?s).*ResNet-56 trains (worse than|better than|as well as) ResNet-20 .*"), text);
        for (String network : List.of("plain-20", "plain-56", "resnet-20", "resnet-56")) {
            assertTrue(Files.size(out.resolve(network).resolve("metrics.csv")) > 0, network);
        }
        List<String> csv = Files.readAllLines(out.resolve("degradation.csv"));
        assertEquals("epoch,plain-20_train_error,plain-20_validation_error,plain-56_train_error,"
                + "plain-56_validation_error,ResNet-20_train_error,ResNet-20_validation_error,ResNet-56_train_error,"
                + "ResNet-56_validation_error", csv.get(0));
        assertEquals(3, csv.size(), csv.toString());
        BufferedImage png = ImageIO.read(out.resolve("degradation.png").toFile());
        assertEquals(1280, png.getWidth());
        assertEquals(480, png.getHeight());
    }
}
