package dev.classicnets.common.task;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.augment.TransformNames;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.train.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything but the weights that a trained classifier needs to be rebuilt and used, as a run directory's
 * {@code classifier.json} holds it: the architecture (registry name and options), the name its parameter
 * files carry ({@code <network>-NNNN.params}), the class names, the input (C, H, W), the size of the images
 * it was trained on (an outside image is first resized to it, as the training images were), the
 * evaluation transform (by its name) and the normalisation of its training.
 *
 * @param architecture what rebuilds the network
 * @param network the name of its parameter files in the run directory
 * @param classNames one per output
 * @param inputShape the network's input (C, H, W)
 * @param sourceHeight height of the training images before the evaluation transform, 0 if any
 * @param sourceWidth width of the training images before the evaluation transform, 0 if any
 * @param evalTransform the evaluation transform's name ({@code Resize(67x67)}, see {@link TransformNames})
 * @param normalization the training normalisation
 */
public record ClassifierSpec(Architecture architecture, String network, List<String> classNames, Shape inputShape,
        int sourceHeight, int sourceWidth, String evalTransform, Normalization normalization) {

    /** The file in a run directory. */
    public static final String FILE = "classifier.json";

    public ClassifierSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(network, "network");
        classNames = List.copyOf(classNames);
        if (inputShape.dimension() != 3) {
            throw new IllegalArgumentException("the input shape must be (C, H, W), got " + inputShape);
        }
        if (normalization.channels() != inputShape.get(0)) {
            throw new IllegalArgumentException("the normalisation has " + normalization.channels() + " channel(s), the "
                    + "input " + inputShape.get(0));
        }
        TransformNames.parse(evalTransform); // one clear sentence now rather than at the first prediction
    }

    /** The number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The evaluation transform, rebuilt from its name. */
    public ImageTransform evalTransformSteps() {
        return TransformNames.parse(evalTransform);
    }

    /** Writes {@code dir/classifier.json}. */
    public void write(Path dir) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("name", architecture.name());
        arch.put("options", new java.util.TreeMap<>(architecture.options()));
        json.put("architecture", arch);
        json.put("network", network);
        json.put("classes", classNames);
        json.put("input_shape", inputShape.getShape());
        if (sourceHeight > 0) {
            json.put("source_size", new int[] {sourceHeight, sourceWidth});
        }
        json.put("eval_transform", evalTransform);
        json.put("normalize_mean", normalization.mean());
        json.put("normalize_std", normalization.std());
        RunDirectory.writeAtomically(dir.resolve(FILE),
                RunDirectory.gson().toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads {@code dir/classifier.json}.
     *
     * @throws IllegalArgumentException if it is missing or does not describe a classifier, saying which key
     */
    public static ClassifierSpec read(Path dir) {
        Path file = dir.resolve(FILE);
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " has no " + FILE + " (is it the run directory of a classifier "
                    + "trained by this version?)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        try {
            JsonObject arch = json.getAsJsonObject("architecture");
            Map<String, String> options = new LinkedHashMap<>();
            arch.getAsJsonObject("options").entrySet().forEach(e -> options.put(e.getKey(), e.getValue().getAsString()));
            List<String> classes = new ArrayList<>();
            json.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
            long[] shape = longs(json.getAsJsonArray("input_shape"));
            long[] source = json.has("source_size") ? longs(json.getAsJsonArray("source_size")) : new long[] {0, 0};
            return new ClassifierSpec(new Architecture(arch.get("name").getAsString(), options),
                    json.get("network").getAsString(), classes, new Shape(shape), (int) source[0], (int) source[1],
                    json.get("eval_transform").getAsString(), new Normalization(floats(json.getAsJsonArray(
                            "normalize_mean")), floats(json.getAsJsonArray("normalize_std"))));
        } catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(file + " does not describe a classifier (architecture, network, classes,"
                    + " input_shape, eval_transform, normalize_mean, normalize_std): " + e, e);
        }
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        int i = 0;
        for (JsonElement e : a) {
            out[i++] = e.getAsFloat();
        }
        return out;
    }
}
