package dev.classicnets.common.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.classicnets.common.Require;
import dev.classicnets.common.registry.OptionValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How large AlexNet or VGG is beyond its table of convolutions: the factor on every convolution's
 * channels, the units of the two hidden fully connected layers (fc6, fc7), the side of the adaptive
 * average pool before them, and their dropout rate. The papers' networks are {@code (1, 4096, 6, 0.5)}
 * (AlexNet) and {@code (1, 4096, 7, 0.5)} (VGG); the cpu presets shrink all four.
 *
 * <p>It also builds what the two share after their convolutions, torchvision's {@code avgpool} and
 * {@code classifier}.
 *
 * @param widthMultiplier scales every convolution's channels, in (0, 1]
 * @param classifierWidth units of fc6 and fc7, at least 1
 * @param poolSize height and width of the adaptive average pool's output, at least 1
 * @param dropout the dropout rate of fc6 and fc7, in [0, 1)
 */
public record ConvNetSize(float widthMultiplier, int classifierWidth, int poolSize, float dropout) {

    /** The four as named in a run's config and in the model registry's options, in this record's order. */
    public static final List<String> KEYS = List.of("width_multiplier", "classifier_width", "pool_size", "dropout");

    /** Where the dropout layers stand among fc6 and fc7: torchvision's AlexNet and VGG differ. */
    public enum DropoutPlacement {
        /** Dropout, fc, ReLU (AlexNet). */
        BEFORE_EACH_HIDDEN_LAYER,
        /** fc, ReLU, dropout (VGG). */
        AFTER_EACH_HIDDEN_LAYER
    }

    /** @throws IllegalArgumentException naming the first value out of range */
    public ConvNetSize {
        Require.that(widthMultiplier > 0 && widthMultiplier <= 1,
                "widthMultiplier must be in (0, 1], got " + widthMultiplier);
        Require.that(classifierWidth >= 1, "classifierWidth must be >= 1, got " + classifierWidth);
        Require.that(poolSize >= 1, "poolSize must be >= 1, got " + poolSize);
        Require.that(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    }

    /** This size with the registry options among {@link #KEYS} that {@code options} holds. */
    public ConvNetSize withOptions(Map<String, String> options) {
        return new ConvNetSize(OptionValues.floatOf(options, KEYS.get(0), widthMultiplier),
                OptionValues.intOf(options, KEYS.get(1), classifierWidth),
                OptionValues.intOf(options, KEYS.get(2), poolSize),
                OptionValues.floatOf(options, KEYS.get(3), dropout));
    }

    /**
     * The size a run's config records ({@link #asConfig}), read back.
     *
     * @throws IllegalArgumentException naming the first of {@link #KEYS} that is missing or not a number
     */
    public static ConvNetSize fromConfig(Map<String, ?> config) {
        Number[] values = new Number[KEYS.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(config.get(KEYS.get(i)) instanceof Number n)) {
                throw new IllegalArgumentException("no number '" + KEYS.get(i) + "'");
            }
            values[i] = n;
        }
        return new ConvNetSize(values[0].floatValue(), values[1].intValue(), values[2].intValue(),
                values[3].floatValue());
    }

    /** The four under {@link #KEYS}, as a run's config records them. */
    public Map<String, Object> asConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        List<Object> values = List.of(widthMultiplier, classifierWidth, poolSize, dropout);
        for (int i = 0; i < KEYS.size(); i++) {
            config.put(KEYS.get(i), values.get(i));
        }
        return config;
    }

    /** The four under {@link #KEYS} as registry options, which {@link #withOptions} reads back. */
    public Map<String, String> asOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        asConfig().forEach((k, v) -> options.put(k, String.valueOf(v)));
        return options;
    }

    /** torchvision's {@code avgpool}, then flattening: C x H x W -> C x poolSize x poolSize -> C * poolSize². */
    public SequentialBlock pool() {
        return new SequentialBlock().add(new AdaptiveAvgPool2d(poolSize, poolSize)).add(Blocks.batchFlattenBlock());
    }

    /**
     * torchvision's {@code classifier}: fc6 and fc7 of {@link #classifierWidth} units with ReLU and
     * dropout placed as {@code placement} says, then fc8 with {@code numClasses} outputs, last, so that
     * a new head can replace it.
     */
    public SequentialBlock classifier(int numClasses, DropoutPlacement placement) {
        Require.that(numClasses >= 1, "numClasses must be >= 1, got " + numClasses);
        SequentialBlock head = new SequentialBlock();
        for (int fc = 0; fc < 2; fc++) {
            if (placement == DropoutPlacement.BEFORE_EACH_HIDDEN_LAYER) {
                head.add(Dropout.builder().optRate(dropout).build());
            }
            head.add(Linear.builder().setUnits(classifierWidth).build()).add(Activation.reluBlock());
            if (placement == DropoutPlacement.AFTER_EACH_HIDDEN_LAYER) {
                head.add(Dropout.builder().optRate(dropout).build());
            }
        }
        return head.add(Linear.builder().setUnits(numClasses).build());
    }
}
