package dev.classicnets.benchmarks;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * PyTorch in a Python process ({@code benchmarks/torch_peer.py}) that lives for one block of rounds:
 * an idle torch process beside the JVM slowed the JVM's steps by 30-40% on a 2-core VM.
 */
final class TorchPeer implements AutoCloseable {

    private static final Gson GSON = new Gson();

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final String version;

    TorchPeer(String python, int threads) throws IOException {
        Path script = Path.of("benchmarks/torch_peer.py");
        if (!Files.exists(script)) {
            script = Path.of("torch_peer.py"); // run from the module's folder
        }
        process = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        version = answer("start").get("framework").getAsString();
    }

    /** Builds the case's replica; returns its trainable parameter count (the peer refuses a mismatch). */
    long setup(Map<String, Object> torchCase) throws IOException {
        in.println(GSON.toJson(Map.of("setup", torchCase)));
        return answer("setup of " + torchCase).get("parameters").getAsLong();
    }

    Round run(int steps, int warmup) throws IOException {
        in.println(GSON.toJson(Map.of("run", steps, "warmup", warmup)));
        JsonObject a = answer("a round");
        JsonElement loss = a.get("loss");
        JsonElement data = a.get("data_seconds");
        return new Round(a.get("seconds").getAsDouble(), loss == null || loss.isJsonNull() ? null : loss.getAsFloat(),
                data == null || data.isJsonNull() ? Double.NaN : data.getAsDouble());
    }

    private JsonObject answer(String what) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the PyTorch process ended during " + what + " (its error is above); install "
                    + "PyTorch with `bash .ci/install-deps`, or pass --python none");
        }
        return JsonParser.parseString(line).getAsJsonObject();
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        process.waitFor();
    }
}
