package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.cli.Recipes;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --weights FILE --classify IMAGE --json} reproduces torchvision: Debian's torchvision writes a
 * ResNet-18 with random weights as a {@code .pth}, draws a PNG and classifies it with its ImageNet
 * evaluation transform (resize 256, centre crop 224, ImageNet mean and std); the recipe, given {@code
 * --depth 18} and no {@code --classes} (the file has 1000), prints the same top five with the same
 * probabilities and ImageNet's class names.
 */
class ClassifyFromTheCommandLineTest {

    private static final String SCRIPT = "/classify/torchvision_classify.py";

    @TempDir
    Path dir;

    @Test
    void topFiveOfAPngMatchTorchvisionWithin1e4() throws Exception {
        Path script = dir.resolve("torchvision_classify.py");
        try (InputStream in = getClass().getResourceAsStream(SCRIPT)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        String python = System.getProperty("classicnets.python", "/usr/bin/python3");
        ProcessBuilder pb = new ProcessBuilder(List.of(python, script.toString(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("python.log").toFile());
        pb.environment().put("CLASSICNETS_THREADS", System.getProperty("ai.djl.pytorch.num_threads", "2"));
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "torchvision_classify.py did not finish");
        assertEquals(0, p.exitValue(), () -> python + " with torch and torchvision (bash .ci/install-deps) failed: "
                + read(dir.resolve("python.log")));
        JsonObject expected = JsonParser.parseString(Files.readString(dir.resolve("top5.json"))).getAsJsonObject();

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code = Recipes.execute(new ResNetRecipe(), "--depth", "18", "--weights",
                    dir.resolve("resnet18.pth").toString(), "--classify", dir.resolve("image.png").toString(),
                    "--json");
        } finally {
            System.setOut(out);
        }
        String json = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, json);
        // the JSON list, after the log lines (Log4j writes to stdout too)
        int start = json.startsWith("[") ? 0 : json.indexOf("\n[") + 1;
        JsonArray rows = JsonParser.parseString(json.substring(start)).getAsJsonArray();
        assertEquals(1, rows.size());
        JsonObject row = rows.get(0).getAsJsonObject();
        assertEquals(dir.resolve("image.png").toString(), row.get("image").getAsString());
        JsonArray top = row.getAsJsonArray("top");
        assertEquals(5, top.size());
        List<String> imageNet = dev.classicnets.common.task.PretrainedWeights.imageNetClasses();
        for (int i = 0; i < 5; i++) {
            JsonObject c = top.get(i).getAsJsonObject();
            int index = expected.getAsJsonArray("index").get(i).getAsInt();
            assertEquals(index, c.get("index").getAsInt(), "rank " + (i + 1));
            assertEquals(expected.getAsJsonArray("probability").get(i).getAsDouble(),
                    c.get("probability").getAsDouble(), 1e-4, "rank " + (i + 1));
            assertEquals(imageNet.get(index), c.get("class").getAsString());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
