package dev.classicnets.common.callback;

import java.util.Locale;

/** Whether lower or higher values of a monitored metric are better (early stopping, plateaus, best epoch). */
public enum MonitorMode {
    MIN,
    MAX,
    /** MAX for names containing "acc", "f1", "iou", "dice", "psnr", "ssim", "precision", "recall"; MIN otherwise. */
    AUTO;

    private static final String[] HIGHER_IS_BETTER = {"acc", "f1", "iou", "dice", "psnr", "ssim", "precision",
        "recall"};

    /** The mode named {@code min}, {@code max} or {@code auto}. */
    public static MonitorMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "min" -> MIN;
            case "max" -> MAX;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("unknown mode '" + name + "'; expected min, max or auto");
        };
    }

    /** Whether higher values of {@code metric} are better in this mode. */
    public boolean maximises(String metric) {
        return this == MAX || (this == AUTO && higherIsBetter(metric));
    }

    /** Whether a metric of this name is better when higher (accuracy, IoU, ...), judged by its name. */
    public static boolean higherIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        for (String good : HIGHER_IS_BETTER) {
            if (m.contains(good)) {
                return true;
            }
        }
        return false;
    }
}
