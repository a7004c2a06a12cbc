package dev.classicnets.googlenet;

import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A torchvision state dict's keys and shapes, as written by test resource torchvision/state_dict_keys.py. */
record TorchvisionReference(Map<String, Shape> shapes, long multiplyAdds224) {

    private static final Pattern MACS = Pattern.compile("multiply-adds at 1x3x224x224: (\\d+)");

    static TorchvisionReference load(String model) throws IOException {
        String resource = "/torchvision/" + model + ".txt";
        try (InputStream in = TorchvisionReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource + "; run state_dict_keys.py");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Matcher header = MACS.matcher(reader.readLine());
            if (!header.find()) {
                throw new IOException(resource + " has no multiply-add header line");
            }
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.split("\t", -1);
                long[] dims = parts[1].isEmpty() ? new long[0]
                        : Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
                shapes.put(parts[0], new Shape(dims));
            }
            return new TorchvisionReference(shapes, Long.parseLong(header.group(1)));
        }
    }
}
