package dev.classicnets.common.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The numbers {@code optim/torch_reference.py} wrote with torch.optim and torch.nn.utils. */
final class TorchReference {

    static final JsonObject JSON = load();

    private TorchReference() {}

    private static JsonObject load() {
        try (InputStream in = TorchReference.class.getResourceAsStream("/optim/torch_reference.json")) {
            if (in == null) {
                throw new IllegalStateException("optim/torch_reference.json is missing from the test resources");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonObject> cases() {
        List<JsonObject> cases = new ArrayList<>();
        JSON.getAsJsonArray("cases").forEach(c -> cases.add(c.getAsJsonObject()));
        return cases;
    }

    static JsonObject byName(String name) {
        return cases().stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no reference case " + name));
    }

    /** A nested JSON list of numbers as an array of its shape. */
    static NDArray array(NDManager manager, JsonElement nested) {
        List<Long> shape = new ArrayList<>();
        JsonElement e = nested;
        while (e.isJsonArray()) {
            shape.add((long) e.getAsJsonArray().size());
            e = e.getAsJsonArray().get(0);
        }
        List<Float> values = new ArrayList<>();
        flatten(nested, values);
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        return manager.create(data, new Shape(shape.stream().mapToLong(Long::longValue).toArray()));
    }

    static float[] floats(JsonElement nested) {
        List<Float> values = new ArrayList<>();
        flatten(nested, values);
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        return data;
    }

    private static void flatten(JsonElement e, List<Float> out) {
        if (e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                flatten(x, out);
            }
        } else {
            out.add(e.getAsFloat());
        }
    }
}
