package dev.classicnets.common.train;

import dev.classicnets.common.io.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The folder a run writes into: {@code runs/<module>/<timestamp>/} by default. Every file is
 * written whole to a temporary name and renamed into place, so an interrupted run never leaves a
 * half-written file.
 */
public final class RunDirectory {

    /** The run's settings. */
    public static final String CONFIG = "config.json";
    /** One row per epoch. */
    public static final String METRICS = "metrics.csv";
    /** Final figures. */
    public static final String SUMMARY = "summary.json";
    /** Loss and accuracy per epoch. */
    public static final String CURVES = "curves.png";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Uses {@code dir} (created if needed). */
    public static RunDirectory at(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot use " + dir + " as a run directory: it is a file, not a "
                    + "directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir);
    }

    /** A new {@code <root>/<module>/<timestamp>} directory (suffixed if two runs start in one second). */
    public static RunDirectory create(Path root, String module) {
        Path base = root.resolve(module).resolve(LocalDateTime.now().format(STAMP));
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of(base + "-" + i);
        }
        return at(dir);
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Writes {@code value} as pretty JSON to {@code name}, atomically. */
    public void writeJson(String name, Object value) {
        writeString(name, GSON.toJson(value) + "\n");
    }

    /**
     * Reads a JSON object (e.g. a run's config.json) as a map; numbers come back as {@code Double}.
     *
     * @throws IllegalArgumentException if the file is missing or not a JSON object, naming it
     */
    public static Map<String, Object> readJson(Path file) {
        try {
            Map<String, Object> map = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new com.google.gson.reflect.TypeToken<java.util.LinkedHashMap<String, Object>>() {}.getType());
            if (map == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Writes text to {@code name}, atomically. */
    public void writeString(String name, String text) {
        writeAtomically(path.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Rewrites metrics.csv with a header and one row per epoch (atomically). */
    public void writeMetrics(List<Map<String, Double>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
        for (Map<String, Double> row : rows) {
            boolean first = true;
            for (Double v : row.values()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(format(v));
            }
            sb.append('\n');
        }
        writeString(METRICS, sb.toString());
    }

    private static String format(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    /** Writes bytes to {@code target} through a temporary file in the same folder and a rename. */
    public static void writeAtomically(Path target, byte[] bytes) {
        AtomicFiles.write(target, bytes);
    }

    /** The JSON encoder runs use (pretty, NaN allowed). */
    public static Gson gson() {
        return GSON;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
