package dev.classicnets.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import dev.classicnets.common.testing.IdxWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input, through a recipe's entry point: exit code 2 and one sentence on stderr naming the value
 * and what was expected; no stack trace, no usage text, nothing trained. Every refusal fires before
 * training starts, most before any data is read; those that need data read a few hundred tiny images.
 */
class BadInputTest {

    /** {ok}: 200 + 20 synthetic 28x28 images; {wide}: 32x32 training but 28x28 test images; {flat}: 784x1
     * images; {black}: all-zero images; {file}: a plain file; {tmp}: the folder holding them. */
    @TempDir
    static Path tmp;

    @BeforeAll
    static void writeData() throws IOException {
        for (String d : new String[] {"ok", "wide", "flat", "black"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        IdxWriter.writeSyntheticMnist(tmp.resolve("ok"), 200, 20, false);
        writeSet(tmp.resolve("wide"), "train", 100, 32, 32, 60);
        writeSet(tmp.resolve("wide"), "t10k", 20, 28, 28, 60);
        for (String set : new String[] {"train", "t10k"}) {
            writeSet(tmp.resolve("flat"), set, 100, 784, 1, 60);
            writeSet(tmp.resolve("black"), set, 100, 28, 28, 0);
        }
        Files.writeString(tmp.resolve("file"), "not a directory");
    }

    /** Images of {@code height x width} with random pixels below {@code brightness} (0: all black). */
    private static void writeSet(Path dir, String prefix, int n, int height, int width, int brightness)
            throws IOException {
        Random rng = new Random(3);
        byte[] images = new byte[n * height * width];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (brightness == 0 ? 0 : rng.nextInt(brightness));
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        IdxWriter.write(dir.resolve(prefix + "-images-idx3-ubyte"), IdxWriter.idx(new int[] {n, height, width}, images));
        IdxWriter.write(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxWriter.idx(new int[] {n}, labels));
    }

    /**
     * One row per bad input: the command line (split at spaces) and the whole of stderr, stripped; a
     * sentence ending in "..." is a prefix (the rest lists paths that differ between machines).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # the options on their own
            --epochs 0                             | error: --epochs must be at least 1, got 0
            --batch-size 0                         | error: --batch-size must be at least 1, got 0
            --batch-size -5                        | error: --batch-size must be at least 1, got -5
            --lr -0.1                              | error: --lr must be a positive number, got -0.1
            --lr 0                                 | error: --lr must be a positive number, got 0.0
            --lr NaN                               | error: --lr must be a positive number, got NaN
            --weight-decay -1                      | error: --weight-decay must be >= 0, got -1.0
            --image-size 0                         | error: --image-size must be at least 1, got 0
            --limit 0                              | error: --limit must be at least 1, got 0
            --threads 0                            | error: --threads must be at least 1, got 0
            --summary --classes 0                  | error: --classes must be at least 1, got 0
            --summary --channels 0                 | error: --channels must be at least 1, got 0
            --patience -1                          | error: --patience must be >= 0, got -1
            --patience 2 --validation 0            | error: --patience with --monitor validate_loss needs validation data (--validation > 0)
            --patience 2 --monitor val_loss        | error: unknown --monitor 'val_loss'; expected train_loss, train_accuracy, validate_loss or validate_accuracy
            --mode sideways                        | error: unknown mode 'sideways'; expected min, max or auto
            --min-delta -1                         | error: --min-delta must be >= 0 (an improvement is a change towards better of at least it), got -1.0
            --schedule cosine:min=0                | error: schedule 'cosine:min=0': cosine has no setting 'min'; expected min_lr, warmup
            --schedule plateau --validation 0      | error: --schedule plateau watches validate_loss, which needs validation data (--validation > 0)
            --schedule sawtooth                    | error: unknown schedule 'sawtooth'...
            --clip-grad-norm 0                     | error: --clip-grad-norm must be a positive number, got 0.0
            --clip-grad-value -1                   | error: --clip-grad-value must be a positive number, got -1.0
            --clip-grad-norm 1 --clip-grad-value 1 | error: give --clip-grad-norm or --clip-grad-value, not both
            --mixup 0.2 --cutmix 1                 | error: give --mixup or --cutmix, not both
            --mixup 0                              | error: --mixup must be a positive number, got 0.0
            --cutmix -1                            | error: --cutmix must be a positive number, got -1.0
            --validation 1                         | error: --validation must be in [0, 1), got 1.0
            --validation -0.1                      | error: --validation must be in [0, 1), got -0.1
            --optimizer lbfgs                      | error: unknown optimizer 'lbfgs'...
            --preset gpu                           | error: unknown --preset 'gpu'; expected one of cpu, paper
            # picocli's parse errors: its line, then where to look, not the usage
            --epochs ten                           | error: Invalid value for option '--epochs': 'ten' is not an int (see --help)
            --bogus                                | error: Unknown option: '--bogus' (see --help)
            --lr                                   | error: Missing required parameter for option '--lr' (X) (see --help)
            extra                                  | error: Unmatched argument at index 0: 'extra' (see --help)
            # the recipe's own options
            --model alexnet --summary              | error: unknown --model 'alexnet'; expected lenet5, lenet5-classic, softmax or mlp
            --dropout 0.5 --summary                | error: --dropout applies to --model mlp only; lenet5 has no dropout layer
            --model softmax --dropout 0 --data-dir {ok} | error: --dropout applies to --model mlp only; softmax has no dropout layer
            --model mlp --dropout 1.5 --summary    | error: dropout must be in [0, 1), got 1.5
            --image-size 20 --summary              | error: LeNet-5 takes 28x28 or 32x32 images, got 20x20
            --image-size 20 --data-dir {ok}        | error: LeNet-5 takes 28x28 or 32x32 images, got 20x20
            --dataset cifar --data-dir {ok}        | error: unknown --dataset 'cifar'; expected fashion-mnist or mnist
            # files and folders
            --data-dir {tmp}/nowhere               | error: Fashion-MNIST not found in --data-dir {tmp}/nowhere...
            --resume {tmp}/nowhere                 | error: cannot resume {tmp}/nowhere: it has no config.json (is it the run directory of a recipe?)
            --out {tmp}/file --data-dir {ok}       | error: cannot use {tmp}/file as a run directory: it is a file, not a directory
            # the data: refused before any network is built
            --data-dir {ok} --batch-size 1000000000 | error: --batch-size 1000000000 is larger than the 180 training images; give at most 180
            --data-dir {ok} --limit 50 --batch-size 64 | error: --batch-size 64 is larger than the 50 training images (--limit 50); give at most 50
            --data-dir {ok} --validation 0.995     | error: --validation 0.995 leaves 1 training image, less than one batch of 64; hold out a smaller fraction
            --data-dir {ok} --validation 0.9       | error: --validation 0.9 leaves 20 training images, less than one batch of 64; hold out a smaller fraction
            --data-dir {wide}                      | error: {tmp}/wide: the training images are 32x32 but the test images 28x28; a network takes one size
            --data-dir {flat}                      | error: the training images are 784x1 (height x width); the recipes train on square images
            --data-dir {black}                     | error: the training images are constant: every pixel of channel 0 is 0.0, so there is nothing to learn (check the data)
            """)
    void isOneSentenceAndExitCodeTwo(String command, String sentence) {
        String[] args = Arrays.stream(command.trim().split(" +")).map(BadInputTest::fill).toArray(String[]::new);
        Object[] r = run(args);
        String err = r[2].toString().strip();
        String expected = fill(sentence.trim());
        assertEquals(2, r[0], "exit code; stderr: " + err);
        if (expected.endsWith("...")) {
            assertTrue(err.startsWith(expected.substring(0, expected.length() - 3)), err);
        } else {
            assertEquals(expected, err);
        }
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(!r[1].toString().contains("test accuracy"), "nothing trained: " + r[1]);
    }

    /** --image-size was announced in the banner and ignored; now the images are resized to it. */
    @Test
    void imageSizeIsApplied() throws IOException {
        Path out = tmp.resolve("resized");
        Object[] r = run("--data-dir", tmp.resolve("ok").toString(), "--image-size", "32", "--epochs", "1",
                "--validation", "0", "--out", out.toString());
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains(", --image-size 32"), r[1].toString());
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
        assertEquals(32, config.get("image_size").getAsInt());
        assertTrue(config.get("train_transform").getAsString().startsWith("Resize(32x32)"), config.toString());
        assertTrue(config.get("eval_transform").getAsString().startsWith("Resize(32x32)"), config.toString());
    }

    /** More threads than processors runs, with one line of warning. */
    @Test
    void moreThreadsThanProcessorsIsAWarning() {
        int threads = Runtime.getRuntime().availableProcessors() + 1;
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            // the data is missing, so nothing starts libtorch with that many threads in this JVM
            Object[] r = run("--threads", Integer.toString(threads), "--data-dir", tmp.resolve("nowhere").toString());
            assertTrue(r[2].toString().startsWith("warning: --threads " + threads + " is more than the "
                    + (threads - 1) + " processors of this machine; libtorch's threads will take turns on them"),
                    r[2].toString());
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            }
        }
    }

    private static String fill(String s) {
        return s.replace("{ok}", tmp.resolve("ok").toString()).replace("{wide}", tmp.resolve("wide").toString())
                .replace("{flat}", tmp.resolve("flat").toString()).replace("{black}", tmp.resolve("black").toString())
                .replace("{tmp}", tmp.toString());
    }

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
}
