package dev.classicnets.common.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a deterministic transform from the name it gives itself ({@code Resize(67x67) ->
 * CenterCrop(64x64)}), as a run's config.json and classifier.json record the evaluation transform. Only
 * the deterministic geometric steps an evaluation uses are understood; anything else is refused.
 */
public final class TransformNames {
    private static final Pattern STEP = Pattern.compile("(Identity|Resize|CenterCrop|AntialiasedResize|ResizeShorterSide)"
            + "(?:\\((\\d+)(?:x(\\d+))?\\))?");

    private TransformNames() {}

    /**
     * The transform {@code names} describes.
     *
     * @throws IllegalArgumentException naming the step that is not an evaluation transform this reads
     */
    public static ImageTransform parse(String names) {
        ImageTransform t = ImageTransform.identity();
        for (String step : names.split(" -> ")) {
            t = t.andThen(step(step.trim()));
        }
        return t;
    }

    /** The steps of {@code transform} in order (a {@link ImageTransform.Sequence} unfolded). */
    public static List<ImageTransform> steps(ImageTransform transform) {
        List<ImageTransform> steps = new ArrayList<>();
        if (transform instanceof ImageTransform.Sequence s) {
            steps.addAll(steps(s.first()));
            steps.addAll(steps(s.second()));
        } else {
            steps.add(transform);
        }
        return steps;
    }

    private static ImageTransform step(String step) {
        Matcher m = STEP.matcher(step);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot rebuild the evaluation transform step '" + step + "'; expected "
                    + "Identity, Resize(HxW), CenterCrop(HxW), AntialiasedResize(HxW) or ResizeShorterSide(N)");
        }
        String kind = m.group(1);
        boolean sized = m.group(2) != null;
        boolean square = m.group(3) == null;
        if (kind.equals("Identity")) {
            if (sized) {
                throw new IllegalArgumentException("Identity takes no size, got '" + step + "'");
            }
            return ImageTransform.identity();
        }
        if (!sized || (kind.equals("ResizeShorterSide") != square)) {
            throw new IllegalArgumentException("'" + step + "' needs " + (kind.equals("ResizeShorterSide") ? "one size (N)"
                    : "a height and a width (HxW)"));
        }
        int a = Integer.parseInt(m.group(2));
        int b = square ? a : Integer.parseInt(m.group(3));
        return switch (kind) {
            case "Resize" -> new Resize(a, b);
            case "CenterCrop" -> new CenterCrop(a, b);
            case "AntialiasedResize" -> AntialiasedResize.to(a, b);
            default -> AntialiasedResize.shorterSide(a);
        };
    }
}
