package dev.classicnets.common.cli;

import dev.classicnets.common.Require;
import dev.classicnets.common.nn.ConvNetSize;
import picocli.CommandLine.Option;

/**
 * The options that resize AlexNet and VGG ({@link ConvNetSize}) over their preset's size, as a picocli
 * mixin: {@code --width-multiplier}, {@code --classifier-width}, {@code --dropout}. The pool size follows
 * the input size, so it stays the preset's.
 */
public final class ConvNetSizeOptions {

    @Option(names = "--width-multiplier", paramLabel = "X", description = "Scales every convolution's channels, "
            + "in (0, 1] (default: the preset's).")
    Float widthMultiplier;

    @Option(names = "--classifier-width", paramLabel = "N", description = "Units of fc6 and fc7 (default: the "
            + "preset's).")
    Integer classifierWidth;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout rate of fc6 and fc7, in [0, 1) "
            + "(default: the preset's).")
    Float dropout;

    /** Fails with one sentence naming the option when a value given is out of range. */
    public void check() {
        Require.that(widthMultiplier == null || widthMultiplier > 0 && widthMultiplier <= 1,
                "--width-multiplier must be in (0, 1], got " + widthMultiplier);
        Require.that(classifierWidth == null || classifierWidth >= 1,
                "--classifier-width must be at least 1, got " + classifierWidth);
        Require.that(dropout == null || dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
    }

    /** {@code preset} with the options given. */
    public ConvNetSize over(ConvNetSize preset) {
        check();
        return new ConvNetSize(widthMultiplier != null ? widthMultiplier : preset.widthMultiplier(),
                classifierWidth != null ? classifierWidth : preset.classifierWidth(), preset.poolSize(),
                dropout != null ? dropout : preset.dropout());
    }
}
