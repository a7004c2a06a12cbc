package dev.classicnets.common.io;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code io/write_state_dicts.py} with Debian's Python and PyTorch, which write the state-dict files the
 * tests read (no .pth file is committed) and check the safetensors files Java writes.
 */
final class TorchFiles {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static Path dir;
    private static JsonObject expected;

    private TorchFiles() {}

    /** The folder the script wrote its files into, once per test run (removed when the JVM exits). */
    static synchronized Path dir() throws IOException, InterruptedException {
        if (dir == null) {
            Path created = Files.createTempDirectory("state-dicts");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
            expected = write(created);
            dir = created;
        }
        return dir;
    }

    /** What torch saw in the files: per file group and key, dtype, shape, sum and first values. */
    static synchronized JsonObject expected() throws IOException, InterruptedException {
        dir();
        return expected;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    /** Writes the test files and expected.json into {@code dir}; returns expected.json. */
    static JsonObject write(Path dir) throws IOException, InterruptedException {
        run(dir, "write", dir.toString());
        return JsonParser.parseString(Files.readString(dir.resolve("expected.json"))).getAsJsonObject();
    }

    /** Runs the script's check of a safetensors file against the .pth it was read from; returns its output. */
    static String check(Path dir, Path safetensors, Path reference) throws IOException, InterruptedException {
        return run(dir, "check", safetensors.toString(), reference.toString());
    }

    private static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path script = dir.resolve("write_state_dicts.py");
        try (InputStream in = TorchFiles.class.getResourceAsStream("/io/write_state_dicts.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail(PYTHON + " is missing; these tests need Debian's python3 with python3-torch: run "
                    + "`bash .ci/install-deps`", e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            if (output.contains("No module named 'torch'") || output.contains("No module named 'numpy'")) {
                fail(PYTHON + " cannot import torch; these tests need Debian's python3-torch: run "
                        + "`bash .ci/install-deps`\n" + output);
            }
            fail(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
