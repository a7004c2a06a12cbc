package dev.classicnets.common.cli;

import com.google.gson.GsonBuilder;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.Prediction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code --classify} prints: the top classes of each image, as text or as JSON. */
final class ClassifyOutput {
    private ClassifyOutput() {}

    static void print(Classifier classifier, List<Path> images, int k, boolean json, PrintWriter out)
            throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path image : images) {
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException("--classify: no image file at " + image);
            }
            List<Prediction> top = classifier.predict(image, k);
            if (json) {
                List<Map<String, Object>> classes = new ArrayList<>();
                for (Prediction p : top) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("index", p.index());
                    c.put("class", p.className());
                    c.put("probability", p.probability());
                    classes.add(c);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", image.toString());
                row.put("top", classes);
                rows.add(row);
            } else {
                out.println(image);
                for (int i = 0; i < top.size(); i++) {
                    Prediction p = top.get(i);
                    out.printf(Locale.ROOT, "  %d. %.4f  %s (%d)%n", i + 1, p.probability(), p.className(), p.index());
                }
            }
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(rows));
        }
        out.flush();
    }
}
