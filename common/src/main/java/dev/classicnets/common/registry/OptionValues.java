package dev.classicnets.common.registry;

import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link ModelEntry}'s options (values as text, as {@code classifier.json} records them), with one
 * sentence naming the option and the value when a value is not what the option takes.
 */
public final class OptionValues {
    private OptionValues() {}

    /** The option {@code key} as a float, or {@code fallback} when absent. */
    public static float floatOf(Map<String, String> options, String key, float fallback) {
        String v = options.get(key);
        try {
            return v == null ? fallback : Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a number, got '" + v + "'");
        }
    }

    /** The option {@code key} as an int, or {@code fallback} when absent. */
    public static int intOf(Map<String, String> options, String key, int fallback) {
        String v = options.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a whole number, got '" + v + "'");
        }
    }

    /** The option {@code key} as a boolean ({@code true} or {@code false}), or {@code fallback} when absent. */
    public static boolean booleanOf(Map<String, String> options, String key, boolean fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + key + " must be true or false, got '" + v + "'");
        };
    }
}
