package dev.classicnets.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.nn.Parameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each PyTorch replica in {@code torch_replicas.py} has exactly the trainable parameters of the network
 * it stands for: the benchmark refuses a mismatch at run time, this says so before anyone runs it.
 */
class ReplicasTest {

    @Test
    void everyReplicaCountsAsOurNetwork() throws IOException, InterruptedException {
        List<Cases.Net> networks = Cases.networks();
        String calls = networks.stream().map(n -> String.format(Locale.ROOT, "\"%s/%d/%d\": r.trainable(r.build(\"%s\", %d, %d))",
                n.name(), n.classes(), n.input()[1], n.name(), n.classes(), n.input()[1])).collect(Collectors.joining(", "));
        JsonObject torch = runPython(calls);
        for (Cases.Net n : networks) {
            long ours = Parameters.countAt(n.block().get(), new Shape(1, n.input()[1], n.input()[2], n.input()[3]));
            String key = n.name() + "/" + n.classes() + "/" + n.input()[1];
            assertEquals(ours, torch.get(key).getAsLong(), "trainable parameters of " + key + ": ours vs the replica's");
        }
    }

    @Test
    void everyGenerativeReplicaCountsAsOurPreset() throws IOException, InterruptedException {
        String calls = "\"vae\": r.trainable(r.GENERATIVE['vae']()), \"conv-vae\": r.trainable(r.GENERATIVE['conv-vae']()), "
                + "\"dcgan\": sum(r.trainable(n) for n in r.dcgan(100, 16, 1))";
        JsonObject torch = runPython(calls);
        for (String model : List.of("vae", "conv-vae", "dcgan")) {
            try (GenerativeStep step = new GenerativeStep(model)) {
                assertEquals(step.parameters(), torch.get(model).getAsLong(), "trainable parameters of " + model);
            }
        }
    }

    private static JsonObject runPython(String calls) throws IOException, InterruptedException {
        String python = System.getProperty("classicnets.python", "/usr/bin/python3");
        Process p = new ProcessBuilder(python, "-c", "import json, sys; sys.path.insert(0, '.'); import torch_replicas as r; "
                + "print(json.dumps({" + calls + "}))").directory(moduleDirectory().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), python + " failed building the replicas (needs bash .ci/install-deps)");
        return JsonParser.parseString(out).getAsJsonObject();
    }

    private static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("torch_replicas.py")) ? here : here.resolve("benchmarks");
    }
}
