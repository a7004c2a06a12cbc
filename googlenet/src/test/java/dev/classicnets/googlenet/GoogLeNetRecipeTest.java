package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ai.djl.training.loss.Loss;
import dev.classicnets.common.cli.Preset;
import dev.classicnets.common.cli.Recipes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The recipe from the command line: counts, errors, a short real run; its loss and schedule. */
class GoogLeNetRecipeTest {

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
            int code = Recipes.execute(new GoogLeNetRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A recipe with its options parsed but not run. */
    private static GoogLeNetRecipe parsed(String... args) {
        GoogLeNetRecipe recipe = new GoogLeNetRecipe();
        new CommandLine(recipe).parseArgs(args);
        return recipe;
    }

    @Test
    void summaryPrintsThePublishedCountsAndWhatTheReductionsSave() {
        Object[] paper = run("--summary", "--variant", "paper", "--classes", "1000");
        assertEquals(0, paper[0], paper[2].toString());
        String out = paper[1].toString();
        assertTrue(out.contains("googlenet-paper for 3x32x32 input, 1000 classes"), out);
        assertTrue(out.contains("Total trainable parameters: 6,998,552 (6998552)"), out);
        assertTrue(out.contains("Naive vs reduced inception modules (paper variant"), out);
        InceptionCost cost = InceptionCost.of(Variant.PAPER, 3, 32, 1000);
        assertTrue(out.contains(cost.format()), out);

        Object[] aux = run("--summary", "--preset", "paper", "--classes", "1000");
        assertTrue(aux[1].toString().contains("googlenet-paper-aux for 3x224x224 input"), aux[1].toString());
        assertTrue(aux[1].toString().contains("(13378280)"), aux[1].toString());
        Object[] torchvision = run("--summary", "--classes", "1000");
        assertTrue(torchvision[1].toString().contains("(6624904)"), torchvision[1].toString());
        Object[] naive = run("--summary", "--inception", "naive");
        assertTrue(naive[1].toString().contains("googlenet-torchvision-naive for 3x32x32"), naive[1].toString());
    }

    @Test
    void badOptionsAreOneClearError() {
        Object[] variant = run("--variant", "inception-v3", "--summary");
        assertEquals(2, variant[0]);
        assertEquals("error: unknown GoogLeNet variant 'inception-v3'; allowed: [paper, torchvision]",
                variant[2].toString().strip());
        Object[] form = run("--inception", "wide", "--summary");
        assertEquals("error: unknown inception form 'wide'; allowed: [naive, reduced]", form[2].toString().strip());
        Object[] small = run("--variant", "paper", "--aux", "--image-size", "46");
        assertEquals(2, small[0]);
        assertEquals("error: --image-size 46 is too small for googlenet-paper-aux; it needs at least 47",
                small[2].toString().strip());
        Object[] preset = run("--preset", "imagenet");
        assertEquals("error: unknown --preset 'imagenet'; expected one of cpu, paper", preset[2].toString().strip());
    }

    @Test
    void auxiliaryHeadsTrainWithTheWeightedLoss() {
        assertInstanceOf(AuxiliaryLoss.class, parsed("--aux").loss(Loss.softmaxCrossEntropyLoss()));
        assertInstanceOf(AuxiliaryLoss.class, parsed("--preset", "paper").loss(Loss.softmaxCrossEntropyLoss()));
        assertFalse(parsed("--preset", "paper", "--no-aux").loss(Loss.softmaxCrossEntropyLoss()) instanceof AuxiliaryLoss);
        assertFalse(parsed().loss(Loss.softmaxCrossEntropyLoss()) instanceof AuxiliaryLoss);
        assertEquals(0.3f, ((AuxiliaryLoss) parsed("--aux").loss(Loss.softmaxCrossEntropyLoss())).auxWeight());
    }

    @Test
    void paperScheduleLowersTheRateFourPercentEveryEightEpochs() {
        Preset paper = parsed("--preset", "paper").preset();
        Tracker lr = paper.learningRateTracker(100);
        // DJL's trackers count updates from 1: epoch 9 starts with update 801
        assertEquals(0.01f, lr.getNewValue(1), 1e-9f);
        assertEquals(0.01f, lr.getNewValue(800), 1e-9f);
        assertEquals(0.0096f, lr.getNewValue(801), 1e-8f);
        assertEquals(0.01f * 0.96f * 0.96f, lr.getNewValue(1601), 1e-8f);
        // cpu: the preset's own schedule, cosine to 1% over the run
        Preset cpu = parsed().preset();
        Tracker cosine = cpu.learningRateTracker(100);
        assertEquals(cpu.learningRate(), cosine.getNewValue(0), 1e-9f);
        assertEquals(cpu.learningRate() / 100, cosine.getNewValue(cpu.epochs() * 100), 1e-9f);
    }

    /** Few hundred images, the auxiliary heads on: the loop runs end to end and writes the run. */
    @Test
    void aShortRealRunWithAuxiliaryHeadsWritesTheRunDirectory() throws Exception {
        Path out = dir.resolve("run");
        Object[] r = run("--aux", "--limit", "384", "--epochs", "2", "--validation", "0", "--out", out.toString());
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("test accuracy: "), r[1].toString());
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "summary.json",
                "googlenet-torchvision-aux-0002.params")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(384, config.get("train_images").getAsInt());
        assertEquals(32, config.get("image_size").getAsInt());
        assertEquals("torchvision", config.get("variant").getAsString());
        assertEquals(0.3, config.get("aux_weight").getAsDouble(), 1e-6);
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(3, rows.size(), rows.toString());
        double first = Double.parseDouble(rows.get(1).split(",")[1]);
        double second = Double.parseDouble(rows.get(2).split(",")[1]);
        // main + 0.3 x two auxiliary cross-entropies: about 1.6 x ln(10) = 3.7 before training
        assertTrue(first > 2.5, "the training loss includes the auxiliary terms: " + rows);
        assertTrue(second < first, "the training loss falls: " + rows);
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        double accuracy = summary.get("test_accuracy").getAsDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, summary.toString()); // six updates: learning shows in the loss
    }
}
