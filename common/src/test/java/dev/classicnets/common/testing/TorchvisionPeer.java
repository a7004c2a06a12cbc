package dev.classicnets.common.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * torchvision in a Python process beside the test, running the committed script {@code
 * transfer/torchvision_parity.py}: it builds torchvision's models with random weights and writes
 * their state dicts, inputs and logits, or loads our exported weights and writes its logits. One
 * process serves a whole test class, so torch is imported once.
 *
 * <p>The interpreter is Debian's {@code /usr/bin/python3} (torch 1.13, torchvision 0.14), or the
 * system property {@code classicnets.python}.
 */
public final class TorchvisionPeer implements AutoCloseable {

    private static final String SCRIPT = "/transfer/torchvision_parity.py";
    private static final String INSTALL = "install them with `bash .ci/install-deps`";

    private final String python;
    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;
    private final Path stderr;
    private final Path script;

    private TorchvisionPeer(String python, Process process, Path stderr, Path script) {
        this.python = python;
        this.process = process;
        this.stderr = stderr;
        this.script = script;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the script and waits until torch and torchvision are imported.
     *
     * @throws IllegalStateException if the interpreter is missing or cannot import them, saying how
     *     to install them
     */
    public static TorchvisionPeer start() throws IOException {
        String python = System.getProperty("classicnets.python", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("the torchvision parity tests need " + python
                    + " with torch and torchvision; " + INSTALL);
        }
        Path script = Files.createTempFile("torchvision_parity", ".py");
        try (InputStream in = TorchvisionPeer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("test resource " + SCRIPT + " is missing from the classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path stderr = Files.createTempFile("torchvision_parity", ".stderr");
        ProcessBuilder pb = new ProcessBuilder(List.of(python, script.toString()))
                .redirectError(stderr.toFile());
        pb.environment().put("CLASSICNETS_THREADS", System.getProperty("ai.djl.pytorch.num_threads", "2"));
        TorchvisionPeer peer = new TorchvisionPeer(python, pb.start(), stderr, script);
        String ready = peer.answers.readLine();
        if (ready == null || !ready.contains("\"ready\"")) {
            String why = peer.stderrTail();
            peer.close();
            throw new IllegalStateException(python + " could not import torch and torchvision (" + why + "); "
                    + INSTALL);
        }
        return peer;
    }

    /**
     * torchvision's {@code model} with random weights: writes {@code dir/weights.<format>}, {@code
     * dir/input.npz} ({@code input}) and {@code dir/logits.npz} ({@code logits}, and {@code aux1},
     * {@code aux2} for {@code googlenet_aux}).
     */
    public void torchvision(String model, String format, Path dir) throws IOException {
        JsonObject request = new JsonObject();
        request.addProperty("command", "torchvision");
        request.addProperty("model", model);
        request.addProperty("format", format);
        request.addProperty("dir", dir.toAbsolutePath().toString());
        ask(request);
    }

    /**
     * Loads the npz state dict {@code weights} into torchvision's {@code model} with {@code
     * load_state_dict(strict=True)} and writes its eval-mode logits of {@code input}'s array
     * {@code input} to {@code output}, named as by {@link #torchvision}.
     */
    public void logits(String model, Path weights, Path input, Path output) throws IOException {
        JsonObject request = new JsonObject();
        request.addProperty("command", "logits");
        request.addProperty("model", model);
        request.addProperty("weights", weights.toAbsolutePath().toString());
        request.addProperty("input", input.toAbsolutePath().toString());
        request.addProperty("output", output.toAbsolutePath().toString());
        ask(request);
    }

    private void ask(JsonObject request) throws IOException {
        requests.write(request + "\n");
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
            throw new IOException(python + " " + script + " ended without answering " + request + ": " + stderrTail());
        }
        JsonObject answer = JsonParser.parseString(line).getAsJsonObject();
        if (!answer.get("ok").getAsBoolean()) {
            throw new IllegalStateException("torchvision failed on " + request + ": " + answer.get("error").getAsString());
        }
    }

    private String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "no error output" : String.join(" | ", tail);
        } catch (IOException e) {
            return "its error output is unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            requests.close(); // end of input: the script returns
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException e) {
            process.destroyForcibly();
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(stderr);
        }
    }
}
