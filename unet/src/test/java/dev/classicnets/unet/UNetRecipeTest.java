package dev.classicnets.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.data.SyntheticShapes;
import dev.classicnets.common.report.MaskColors;
import dev.classicnets.common.task.SegmentationTask;
import dev.classicnets.common.train.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe from the command line: the layer table, errors, a short run on shapes that learns, and --predict. */
class UNetRecipeTest {

    @TempDir
    Path dir;

    /** Runs the recipe, returning {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Recipes.execute(new UNetRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void summaryPrintsThePapersTable() {
        Object[] r = run("--preset", "paper", "--summary", "--classes", "2");
        String out = r[1].toString();
        assertEquals(0, r[0], r[2].toString());
        assertTrue(out.contains("Total trainable parameters: 31,030,658"), out);
        assertTrue(out.contains("up4/conv") && out.contains("(1, 2, 388, 388)") && out.contains("(1, 1024, 28, 28)"), out);
    }

    @Test
    void badOptionsAreOneClearError() {
        for (String[] args : new String[][] {
            {"--variant", "small", "--summary"},
            {"--upsampling", "nearest", "--summary"},
            {"--data", "voc", "--summary"},
            {"--predict", "a.png"},
            {"--data", "folder", "--loss", "ce"},
        }) {
            Object[] r = run(args);
            assertEquals(2, r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(r[2].toString().startsWith("error: ") && r[2].toString().trim().split("\n").length == 1,
                    String.join(" ", args) + ": " + r[2]);
        }
        Object[] loss = run("--data", "shapes", "--loss", "ce+focal", "--train-size", "4", "--test-size", "2",
                "--image-size", "16", "--out", dir.resolve("bad").toString());
        assertTrue(loss[2].toString().contains("unknown loss 'focal'"), loss[2].toString());
    }

    @Test
    void earlyStoppingWatchesASegmentationMetric() throws Exception {
        Object[] wrong = run("--data", "shapes", "--monitor", "validate_accuracy", "--patience", "1", "--summary");
        assertEquals(2, wrong[0], wrong[2].toString());
        assertEquals("error: unknown --monitor 'validate_accuracy'; expected train_loss, train_pixel_accuracy, "
                + "validate_loss, validate_pixel_accuracy, validate_mean_iou or validate_dice", wrong[2].toString().strip());

        Path runDir = dir.resolve("stopping");
        Object[] r = run("--data", "shapes", "--image-size", "16", "--train-size", "32", "--test-size", "8",
                "--epochs", "2", "--depth", "2", "--validation", "0.25", "--monitor", "validate_mean_iou",
                "--patience", "1", "--out", runDir.toString());
        assertEquals(0, r[0], r[2].toString());
        Map<String, Object> summary = RunDirectory.readJson(runDir.resolve(RunDirectory.SUMMARY));
        assertEquals("validate_mean_iou", summary.get("best_metric"), summary.toString());
        assertTrue(Files.readAllLines(runDir.resolve(RunDirectory.METRICS)).get(0).contains("validate_mean_iou"));
    }

    @Test
    void aShortRunOnShapesLearnsAndPredictsAPicture() throws Exception {
        Path runDir = dir.resolve("run");
        Object[] r = run("--data", "shapes", "--image-size", "32", "--train-size", "256", "--test-size", "32",
                "--epochs", "3", "--depth", "2", "--lr", "0.01", "--validation", "0", "--out", runDir.toString());
        assertEquals(0, r[0], r[2].toString());
        Map<String, Object> summary = RunDirectory.readJson(runDir.resolve(RunDirectory.SUMMARY));
        double miou = ((Number) summary.get("test_mean_iou")).doubleValue();
        // background everywhere scores a mean IoU of 0.22 here (background IoU 0.87, the three shapes 0)
        assertTrue(miou > 0.28, "the network found the shapes: " + summary);
        List<String> rows = Files.readAllLines(runDir.resolve(RunDirectory.METRICS));
        double first = Double.parseDouble(rows.get(1).split(",")[1]);
        double last = Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
        assertTrue(last < 0.7 * first, "training loss fell from " + first + " to " + last);
        assertTrue(summary.get("test_per_class") instanceof Map<?, ?> perClass && perClass.keySet().equals(
                Set.copyOf(SyntheticShapes.CLASSES)), "per-class IoU: " + summary);
        assertTrue(Files.size(runDir.resolve(SegmentationTask.PREDICTIONS)) > 0);

        Path picture = dir.resolve("shapes-0.png");
        MaskColors.writePng(SyntheticShapes.of(1, 40, 99).image(0), picture); // another size than trained at
        Path out = dir.resolve("predicted");
        Object[] p = run("--predict", picture.toString(), "--run", runDir.toString(), "--out", out.toString());
        assertEquals(0, p[0], p[2].toString());
        BufferedImage mask = ImageIO.read(out.resolve("shapes-0-mask.png").toFile());
        BufferedImage overlay = ImageIO.read(out.resolve("shapes-0-overlay.png").toFile());
        assertEquals(40, mask.getWidth());
        assertEquals(40, overlay.getHeight());
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                int rgb = mask.getRGB(x, y) & 0xffffff;
                boolean classColour = false;
                for (int c = 0; c < 4; c++) {
                    classColour |= rgb == MaskColors.rgb(c, 4);
                }
                assertTrue(classColour, String.format("pixel (%d, %d) is #%06x, not a class colour", x, y, rgb));
            }
        }
        assertTrue(p[1].toString().contains("background"), p[1].toString());
    }
}
