package dev.classicnets.benchmarks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.train.RunDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * torch.optim in a Python process ({@code torch_optimizer_step.py}) that sets up one case and runs rounds
 * of steps on request; it checks that the shapes sent are torchvision's.
 */
final class TorchOptimizerPeer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final String version;

    TorchOptimizerPeer(String python, int threads, String network, String optimizer, List<long[]> shapes)
            throws IOException {
        Path script = Path.of("benchmarks/torch_optimizer_step.py");
        if (!Files.exists(script)) {
            script = Path.of("torch_optimizer_step.py");
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        JsonObject header = read(python + " " + script + " did not start; install PyTorch with `bash .ci/install-deps "
                + "--bench`, or pass --python none");
        version = header.get("framework").getAsString();
        JsonObject setup = new JsonObject();
        setup.addProperty("setup", network);
        setup.add("shapes", RunDirectory.gson().toJsonTree(shapes));
        setup.addProperty("optimizer", optimizer);
        in.println(setup);
        long count = read("the PyTorch process ended while setting up " + network).get("parameters").getAsLong();
        if (count != ParameterShapes.count(shapes)) {
            throw new IllegalStateException("PyTorch has " + count + " parameters for " + network + ", we have "
                    + ParameterShapes.count(shapes));
        }
    }

    double[] run(int warmup, int steps) throws IOException {
        in.println("{\"run\": " + steps + ", \"warmup\": " + warmup + "}");
        JsonObject r = read("the PyTorch process ended unexpectedly");
        return new double[] {r.get("step").getAsDouble(), r.get("faults").getAsDouble(),
                r.get("zero_grad").getAsDouble()};
    }

    private JsonObject read(String failure) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException(failure);
        }
        return JsonParser.parseString(line).getAsJsonObject();
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        process.waitFor();
    }
}
