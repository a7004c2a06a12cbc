package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.testing.IdxWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe from the command line: a short real run on Fashion-MNIST, and its errors. */
class LeNetRecipeTest {

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
            int code = Recipes.execute(new LeNetRecipe(), args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aShortRealRunOnFashionMnistLearnsAndReloads() throws Exception {
        Path out = dir.resolve("run");
        Object[] r = run("--limit", "4000", "--epochs", "2", "--out", out.toString(), "--seed", "3");
        assertEquals(0, r[0], r[2].toString());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        double accuracy = summary.get("test_accuracy").getAsDouble();
        assertTrue(accuracy > 0.65, "4,000 images for 2 epochs should be far above chance (0.10): " + accuracy);
        assertTrue(r[1].toString().contains("test accuracy: "), r[1].toString());
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "lenet5-0002.params")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(4000, config.get("train_images").getAsInt());
        assertEquals("cpu", config.get("preset").getAsString());

        // the saved parameters load into a fresh LeNet-5 and give the same predictions
        try (Model a = Model.newInstance("lenet5"); Model b = Model.newInstance("lenet5");
                NDManager m = NDManager.newBaseManager()) {
            a.setBlock(LeNet5.builder().build());
            a.load(out, "lenet5");
            b.setBlock(LeNet5.builder().build());
            b.load(out, "lenet5");
            NDArray x = m.randomNormal(new Shape(4, 1, 28, 28));
            float[] ya = a.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            float[] yb = b.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            assertArrayEquals(ya, yb, 0f);
        }
    }

    @Test
    void perBatchHooksComeFromTheCommandLineAndTheConfigNamesWhatRan() throws Exception {
        Path out = dir.resolve("hooks");
        Object[] r = run("--limit", "1000", "--epochs", "1", "--out", out.toString(), "--mixup", "0.2",
                "--clip-grad-norm", "1");
        assertEquals(0, r[0], r[2].toString());
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertTrue(config.get("batch_mix").getAsString().startsWith("Mixup("), config.toString());
        assertEquals("clip by global norm 1.0", config.get("gradient_clipping").getAsString());
        // the transforms name themselves: the cpu preset mirrors Fashion-MNIST, evaluates images as they are
        assertEquals("RandomHorizontalFlip(p=0.5)", config.get("train_transform").getAsString());
        assertEquals("Identity", config.get("eval_transform").getAsString());
        assertTrue(r[1].toString().contains("preset cpu (adam, lr 0.002, cosine, batch 64, 1 epochs, 28 px)"),
                "the header is made from the preset's fields: " + r[1]);
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        double trainLoss = Double.parseDouble(csv.get(1).split(",")[1]);
        assertTrue(trainLoss > 0 && trainLoss < 2.3, "mixed batches still learn: " + csv);

        Object[] both = run("--mixup", "0.2", "--cutmix", "1");
        assertEquals("error: give --mixup or --cutmix, not both", both[2].toString().strip());
        Object[] clip = run("--clip-grad-norm", "0");
        assertEquals("error: --clip-grad-norm must be a positive number, got 0.0", clip[2].toString().strip());
    }

    @Test
    void earlyStoppingStopsTheRunAndTestsTheBestWeights() throws Exception {
        Path out = dir.resolve("stopped");
        // patience 1 on training accuracy with min-delta 1: no epoch can improve by a whole unit
        Object[] r = run("--limit", "1000", "--epochs", "5", "--out", out.toString(), "--patience", "1",
                "--monitor", "train_accuracy", "--min-delta", "1", "--restore-best");
        assertEquals(0, r[0], r[2].toString());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertTrue(summary.get("stopped_early").getAsBoolean());
        assertEquals(2, summary.get("epochs_run").getAsInt());
        assertEquals(1, summary.get("best_epoch").getAsInt());
        assertTrue(summary.has("best_train_accuracy"));
        assertTrue(summary.get("restored_best_weights").getAsBoolean());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "header and two epochs");
    }

    @Test
    void aScheduleFromTheCommandLineSetsTheRatePerEpoch() throws Exception {
        Path out = dir.resolve("step");
        Object[] r = run("--limit", "500", "--epochs", "3", "--lr", "0.004", "--schedule", "step:every=1,gamma=0.5",
                "--out", out.toString());
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("), changed by --epochs 3, --lr 0.004, --schedule step:every=1,gamma=0.5\n"),
                "the header says what the command line changed: " + r[1]);
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        int lr = List.of(csv.get(0).split(",")).indexOf("lr");
        assertRates(new double[] {0.004, 0.002, 0.001}, csv, lr);
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals("step:every=1,gamma=0.5", config.get("schedule").getAsString());

        Path plateau = dir.resolve("plateau");
        // no epoch improves training accuracy by 100x: every epoch after the first is a bad one
        Object[] p = run("--limit", "300", "--epochs", "3", "--lr", "0.004", "--out", plateau.toString(),
                "--schedule", "plateau:monitor=train_accuracy,factor=0.5,patience=0,threshold=100");
        assertEquals(0, p[0], p[2].toString());
        List<String> rows = Files.readAllLines(plateau.resolve("metrics.csv"));
        assertRates(new double[] {0.004, 0.004, 0.002}, rows, lr);
        JsonObject summary = JsonParser.parseString(Files.readString(plateau.resolve("summary.json")))
                .getAsJsonObject();
        assertEquals(2, summary.get("lr_reductions").getAsInt());
    }

    private static void assertRates(double[] expected, List<String> csv, int column) {
        for (int e = 1; e <= expected.length; e++) {
            assertEquals(expected[e - 1], Double.parseDouble(csv.get(e).split(",")[column]), expected[e - 1] * 1e-5,
                    "lr of epoch " + e + " in " + csv);
        }
    }

    @Test
    void resumeContinuesARunWithItsOwnSettings() throws Exception {
        Path out = dir.resolve("run");
        Object[] first = run("--limit", "400", "--epochs", "1", "--lr", "0.003", "--schedule", "exponential:gamma=0.5",
                "--out", out.toString());
        assertEquals(0, first[0], first[2].toString());
        assertTrue(Files.exists(out.resolve("last.ckpt")) && Files.exists(out.resolve("best.ckpt")));
        // only --epochs is given again: the rest (lr, schedule, limit) comes from config.json
        Object[] more = run("--resume", out.toString(), "--epochs", "3");
        assertEquals(0, more[0], more[2].toString());
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(4, csv.size(), csv.toString());
        int lr = List.of(csv.get(0).split(",")).indexOf("lr");
        assertEquals(List.of("1", "2", "3"), csv.subList(1, 4).stream().map(l -> l.split(",")[0]).toList());
        assertRates(new double[] {0.003, 0.0015, 0.00075}, csv, lr);
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(1, summary.get("resumed_at_epoch").getAsInt());
        assertEquals(400, JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject()
                .get("train_images").getAsInt());

        Object[] missing = run("--resume", dir.resolve("nowhere").toString());
        assertEquals(2, missing[0]);
        assertEquals("error: cannot resume " + dir.resolve("nowhere") + ": it has no config.json (is it the run "
                + "directory of a recipe?)", missing[2].toString().strip());
    }

    @Test
    void summaryPrintsTheTableAndCount() {
        Object[] r = run("--summary");
        assertEquals(0, r[0]);
        assertTrue(r[1].toString().contains("Total trainable parameters: 61,706 (61706)"), r[1].toString());
        Object[] mlp = run("--summary", "--model", "mlp");
        assertTrue(mlp[1].toString().contains("(185300)"), mlp[1].toString());
    }

    @Test
    void aMissingDataDirSaysWhatToInstall() {
        Object[] r = run("--data-dir", dir.toString(), "--epochs", "1");
        assertEquals(2, r[0]);
        String err = r[2].toString();
        assertTrue(err.startsWith("error: Fashion-MNIST not found in --data-dir " + dir), err);
        assertTrue(err.contains("apt-get install -y dataset-fashion-mnist"), err);
        assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
    }

    @Test
    void aTruncatedFileIsOneClearError() throws Exception {
        IdxWriter.writeSyntheticMnist(dir, 50, 10, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Object[] r = run("--data-dir", dir.toString(), "--epochs", "1");
        assertEquals(2, r[0]);
        assertTrue(r[2].toString().contains(images + ": truncated"), r[2].toString());
    }

    @Test
    void badOptionsAreOneClearError() {
        Object[] lr = run("--lr", "-0.1");
        assertEquals(2, lr[0]);
        assertEquals("error: --lr must be a positive number, got -0.1", lr[2].toString().strip());
        Object[] model = run("--model", "alexnet", "--summary");
        assertEquals("error: unknown --model 'alexnet'; expected lenet5, lenet5-classic, softmax or mlp",
                model[2].toString().strip());
        Object[] preset = run("--preset", "gpu");
        assertEquals("error: unknown --preset 'gpu'; expected one of cpu, paper", preset[2].toString().strip());
        Object[] optimizer = run("--optimizer", "lbfgs");
        assertTrue(optimizer[2].toString().startsWith("error: unknown optimizer 'lbfgs'"), optimizer[2].toString());
        Object[] patience = run("--patience", "2", "--validation", "0");
        assertEquals("error: --patience with --monitor validate_loss needs validation data (--validation > 0)",
                patience[2].toString().strip());
        Object[] monitor = run("--patience", "2", "--monitor", "val_loss");
        assertTrue(monitor[2].toString().startsWith("error: unknown --monitor 'val_loss'"), monitor[2].toString());
        Object[] batch = run("--batch-size", "0");
        assertEquals("error: --batch-size must be at least 1, got 0", batch[2].toString().strip());
        Object[] schedule = run("--schedule", "cosine:min=0");
        assertEquals("error: schedule 'cosine:min=0': cosine has no setting 'min'; expected min_lr, warmup",
                schedule[2].toString().strip());
        Object[] plateau = run("--schedule", "plateau", "--validation", "0");
        assertEquals("error: --schedule plateau watches validate_loss, which needs validation data (--validation > 0)",
                plateau[2].toString().strip());
        Object[] notANumber = run("--epochs", "ten");
        assertEquals(2, notANumber[0]);
        assertTrue(notANumber[2].toString().contains("Invalid value for option '--epochs': 'ten' is not an int"),
                notANumber[2].toString());
    }
}
