package dev.classicnets.alexnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recipe from the command line: summaries with the published counts, errors, a short real run. */
class AlexNetRecipeTest {

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
            int code = Recipes.execute(new AlexNetRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @ParameterizedTest
    @CsvSource({"paper, 60965224, '(1, 96, 54, 54)'", "one-tower, 62378344, '(1, 96, 54, 54)'",
        "torchvision, 61100840, '(1, 64, 55, 55)'"})
    void summaryWithoutAPresetPrintsThePaperNetworkWithItsPublishedCount(String variant, long count,
            String conv1Output) {
        Object[] r = run("--summary", "--variant", variant, "--image-size", "224", "--classes", "1000");
        assertEquals(0, r[0], r[2].toString());
        String table = r[1].toString();
        assertTrue(table.startsWith("alexnet-" + variant + " for 3x224x224 input, 1000 classes"), table);
        assertTrue(table.contains("(" + count + ")"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("01features/01Conv2d") && l.contains(conv1Output)), table);
    }

    @Test
    void theCpuPresetsSummaryIsTheNetworkItTrains() {
        Object[] r = run("--summary", "--preset", "cpu", "--channels", "1");
        assertEquals(0, r[0], r[2].toString());
        String table = r[1].toString();
        assertTrue(table.startsWith("alexnet-paper for 1x67x67 input, 10 classes"), table);
        // width 0.5, fc 1024, pool 1: 48-128-192-192-128 filters, 128 -> 1024 -> 1024 -> 10
        assertTrue(table.contains("(1, 48, 15, 15)") && table.contains("(1, 128)") && table.contains("(1, 1024)"),
                table);
        Object[] narrower = run("--summary", "--preset", "cpu", "--channels", "1", "--width-multiplier", "0.25");
        assertTrue(narrower[1].toString().contains("(1, 24, 15, 15)"), narrower[1].toString());
    }

    @Test
    void anInputTooSmallForTheVariantIsOneLineNamingTheMinimum() {
        Object[] paper = run("--image-size", "66", "--epochs", "1");
        assertEquals(2, paper[0]);
        assertEquals("error: --image-size 66 is too small for AlexNet (paper): it needs at least 67 pixels",
                paper[2].toString().strip());
        Object[] torchvision = run("--variant", "torchvision", "--image-size", "62", "--summary");
        assertEquals(2, torchvision[0]);
        assertEquals("error: --image-size 62 is too small for AlexNet (torchvision): it needs at least 63 pixels",
                torchvision[2].toString().strip());
        assertEquals(0, run("--variant", "torchvision", "--image-size", "63", "--summary")[0]);
    }

    @Test
    void badOptionsAreOneClearError() {
        Object[] variant = run("--variant", "two-tower", "--summary");
        assertEquals(2, variant[0]);
        assertEquals("error: unknown AlexNet variant 'two-tower', expected one of paper|one-tower|torchvision",
                variant[2].toString().strip());
        Object[] width = run("--width-multiplier", "1.5");
        assertEquals(2, width[0]);
        assertEquals("error: --width-multiplier must be in (0, 1], got 1.5", width[2].toString().strip());
        Object[] dropout = run("--dropout", "1");
        assertEquals("error: --dropout must be in [0, 1), got 1.0", dropout[2].toString().strip());
        Object[] preset = run("--preset", "gpu");
        assertEquals("error: unknown --preset 'gpu'; expected one of cpu, paper", preset[2].toString().strip());
    }

    @Test
    void aShortRealRunOnFashionMnistLearnsAndWritesTheRunDirectory() throws Exception {
        Path out = dir.resolve("run");
        // 2,000 images: torchvision's AlexNet starts from PyTorch's layer defaults, whose variance (1 / (3 fan-in))
        // shrinks the signal about 6-fold per layer; from 1,000 images it reached 0.28 in 2 epochs
        Object[] r = run("--variant", "torchvision", "--limit", "2000", "--epochs", "2", "--width-multiplier", "0.25",
                "--classifier-width", "128", "--validation", "0.02", "--batch-size", "32",
                "--out", out.toString());
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("alexnet-torchvision on Fashion-MNIST, preset cpu"), r[1].toString());
        assertTrue(r[1].toString().contains(", changed by --epochs 2, --batch-size 32\n"), r[1].toString());
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "summary.json",
                "alexnet-torchvision-0002.params")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals("torchvision", config.get("variant").getAsString());
        assertEquals(64, config.get("image_size").getAsInt(), "the cpu preset's side for torchvision");
        assertEquals(2000, config.get("train_images").getAsInt());
        assertEquals(0.25, config.get("width_multiplier").getAsDouble(), 1e-6);
        assertEquals(1, config.get("pool_size").getAsInt());
        assertEquals("Resize(64x64) -> PadAndRandomCrop(padding=4, fill=0.0) -> RandomHorizontalFlip(p=0.5)",
                config.get("train_transform").getAsString(), "the transforms name themselves");
        assertEquals("Resize(64x64)", config.get("eval_transform").getAsString());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        double accuracy = summary.get("test_accuracy").getAsDouble();
        assertTrue(accuracy > 0.4, "2,000 images for 2 epochs should be well above chance (0.10): " + accuracy);
    }
}
