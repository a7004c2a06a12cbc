package dev.classicnets.vgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recipe from the command line: summaries, errors, short real runs and --init-from. */
class VggRecipeTest {

    /** A network small enough for a test run: 4-8-16-32-32 channels, fc 32. */
    private static final List<String> TINY = List.of("--width-multiplier", "0.0625", "--classifier-width", "32",
            "--validation", "0.02");

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
            int code = Recipes.execute(new VggRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Object[] runTiny(String... args) {
        List<String> all = new ArrayList<>(TINY);
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({"D, '', vgg-d, 138357544", "A, --batch-norm, vgg-a-bn, 132868840",
        "E, --no-batch-norm, vgg-e, 143667240"})
    void summaryWithoutAPresetPrintsThePaperNetworkWithItsPublishedCount(String config, String batchNorm,
            String name, long count) {
        List<String> args = new ArrayList<>(List.of("--summary", "--config", config, "--image-size", "224",
                "--classes", "1000"));
        if (!batchNorm.isEmpty()) {
            args.add(batchNorm);
        }
        Object[] r = run(args.toArray(String[]::new));
        assertEquals(0, r[0], r[2].toString());
        String table = r[1].toString();
        assertTrue(table.startsWith(name + " for 3x224x224 input, 1000 classes"), table);
        assertTrue(table.contains("(" + count + ")"), table);
        assertTrue(table.contains("(1, 512, 7, 7)"), "the last pool's output: " + table);
    }

    @Test
    void theCpuPresetsSummaryIsTheNetworkItTrains() {
        Object[] r = run("--summary", "--preset", "cpu", "--channels", "1");
        assertEquals(0, r[0], r[2].toString());
        String table = r[1].toString();
        assertTrue(table.startsWith("vgg-a-bn for 1x32x32 input, 10 classes"), table);
        // width 0.25, batch norm, pool 1: 16 ... 128 channels, 128 -> 256 -> 256 -> 10
        assertTrue(table.contains("BatchNorm") && table.contains("(1, 16, 32, 32)") && table.contains("(1, 128)")
                && table.contains("(1, 256)"), table);
    }

    @Test
    void badOptionsAreOneClearError() {
        Object[] config = run("--config", "F");
        assertEquals(2, config[0]);
        assertEquals("error: unknown VGG configuration 'F', expected one of A|A-LRN|B|C|D|E",
                config[2].toString().strip());
        Object[] size = run("--image-size", "16", "--epochs", "1");
        assertEquals(2, size[0]);
        assertEquals("error: --image-size 16 is too small for VGG: it needs at least 32 pixels (five 2x2 max pools)",
                size[2].toString().strip());
        Object[] width = run("--classifier-width", "0", "--summary");
        assertEquals("error: --classifier-width must be at least 1, got 0", width[2].toString().strip());
        Object[] missing = run("--init-from", dir.toString(), "--epochs", "1");
        assertEquals(2, missing[0]);
        assertEquals("error: " + dir + " has no classifier.json (is it the run directory of a classifier trained by "
                + "this version?)", missing[2].toString().strip());
    }

    /**
     * A short run of A, then D initialised from it (section 3.1). At a learning rate of 1e-9 D's
     * training barely moves its weights, so the copies must still be there in D's saved parameters:
     * they survive the trainer's initialisation.
     */
    @Test
    void aShortRunOfAThenDInitialisedFromIt() throws Exception {
        Path a = dir.resolve("a");
        Object[] ra = runTiny("--limit", "300", "--epochs", "1", "--out", a.toString());
        assertEquals(0, ra[0], ra[2].toString());
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "summary.json", "vgg-a-bn-0001.params")) {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        JsonObject config = JsonParser.parseString(Files.readString(a.resolve("config.json"))).getAsJsonObject();
        assertEquals("A", config.get("config").getAsString());
        assertTrue(config.get("batch_norm").getAsBoolean());
        assertEquals(32, config.get("image_size").getAsInt());
        assertEquals(300, config.get("train_images").getAsInt());

        Path d = dir.resolve("d");
        Object[] rd = runTiny("--config", "D", "--init-from", a.toString(), "--limit", "300", "--epochs", "1",
                "--lr", "1e-9", "--out", d.toString());
        assertEquals(0, rd[0], rd[2].toString());
        assertTrue(rd[1].toString().contains("initialised from " + a + ": 30 tensors copied"), rd[1].toString());

        try (Model trainedA = load(Vgg.Config.A, a, "vgg-a-bn"); Model startedD = load(Vgg.Config.D, d, "vgg-d-bn")) {
            PairList<String, Parameter> pa = trainedA.getBlock().getParameters();
            PairList<String, Parameter> pd = startedD.getBlock().getParameters();
            // A's first conv is D's first; A's second (stage 2) is D's third; A's fc8 is D's fc8
            assertClose(pa.get("01features_01Conv2d_weight"), pd.get("01features_01Conv2d_weight"));
            assertClose(pa.get("01features_05Conv2d_weight"), pd.get("01features_08Conv2d_weight"));
            assertClose(pa.get("03head_07Linear_weight"), pd.get("03head_07Linear_weight"));
        }

        Object[] fromD = runTiny("--config", "E", "--init-from", d.toString(), "--epochs", "1");
        assertEquals(2, fromD[0]);
        // deeper from A is the paper's trick; any other pair must be the same architecture
        assertTrue(fromD[2].toString().strip().startsWith("error: --init-from " + d + " holds vgg16_bn{"),
                fromD[2].toString());
        assertTrue(fromD[2].toString().contains("but this run builds vgg19_bn{"), fromD[2].toString());
    }

    private static Model load(Vgg.Config config, Path runDirectory, String name) throws Exception {
        Model model = Model.newInstance(name);
        model.setBlock(Vgg.builder().config(config).optBatchNorm(true).numClasses(10).optInChannels(1)
                .optWidthMultiplier(0.0625f).optClassifierWidth(32).optPoolSize(1).build());
        model.load(runDirectory, name);
        return model;
    }

    private static void assertClose(Parameter expected, Parameter actual) {
        assertArrayEquals(expected.getArray().toFloatArray(), actual.getArray().toFloatArray(), 1e-5f,
                actual.getName() + " should be the copy of " + expected.getName());
    }
}
