package dev.classicnets.vgg;

import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A torchvision state dict's keys and shapes, as written by {@code torchvision/state_dict_keys.py}. */
record TorchvisionReference(String key, Shape shape) {

    /** Reads {@code /torchvision/<model>.txt} from the test resources, in state-dict order. */
    static List<TorchvisionReference> read(String model) throws IOException {
        String resource = "/torchvision/" + model + ".txt";
        List<TorchvisionReference> entries = new ArrayList<>();
        try (InputStream in = TorchvisionReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                long[] dims = Arrays.stream(fields, 1, fields.length).mapToLong(Long::parseLong).toArray();
                entries.add(new TorchvisionReference(fields[0], new Shape(dims)));
            }
        }
        return entries;
    }
}
