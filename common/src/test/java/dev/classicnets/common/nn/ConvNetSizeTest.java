package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvNetSizeTest {

    private static final ConvNetSize SMALL = new ConvNetSize(0.25f, 256, 1, 0.3f);

    @Test
    void optionsRoundTripAndOverrideOneByOne() {
        assertEquals(SMALL, new ConvNetSize(1f, 4096, 7, 0.5f).withOptions(SMALL.asOptions()));
        assertEquals(new ConvNetSize(0.25f, 4096, 7, 0.5f),
                new ConvNetSize(1f, 4096, 7, 0.5f).withOptions(Map.of("width_multiplier", "0.25")));
        assertEquals(List.of("width_multiplier", "classifier_width", "pool_size", "dropout"),
                List.copyOf(SMALL.asConfig().keySet()));
        // a run's config.json gives its numbers back as doubles
        assertEquals(SMALL, ConvNetSize.fromConfig(Map.of("width_multiplier", 0.25, "classifier_width", 256.0,
                "pool_size", 1.0, "dropout", 0.3f)));
        assertEquals("no number 'pool_size'", assertThrows(IllegalArgumentException.class,
                () -> ConvNetSize.fromConfig(Map.of("width_multiplier", 1, "classifier_width", 8))).getMessage());
    }

    @Test
    void placesDropoutAsAlexNetAndVggDo() {
        assertEquals(List.of("Dropout", "Linear", "LambdaBlock", "Dropout", "Linear", "LambdaBlock", "Linear"),
                kinds(SMALL.classifier(3, ConvNetSize.DropoutPlacement.BEFORE_EACH_HIDDEN_LAYER)));
        assertEquals(List.of("Linear", "LambdaBlock", "Dropout", "Linear", "LambdaBlock", "Dropout", "Linear"),
                kinds(SMALL.classifier(3, ConvNetSize.DropoutPlacement.AFTER_EACH_HIDDEN_LAYER)));
    }

    @Test
    void refusesSizesOutOfRangeNamingThem() {
        assertEquals("widthMultiplier must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new ConvNetSize(1.5f, 4096, 7, 0.5f)).getMessage());
        assertEquals("dropout must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new ConvNetSize(1f, 4096, 7, 1f)).getMessage());
        assertEquals("option pool_size must be a whole number, got 'big'", assertThrows(IllegalArgumentException.class,
                () -> SMALL.withOptions(Map.of("pool_size", "big"))).getMessage());
        assertEquals("numClasses must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SMALL.classifier(0, ConvNetSize.DropoutPlacement.AFTER_EACH_HIDDEN_LAYER)).getMessage());
    }

    private static List<String> kinds(SequentialBlock head) {
        return head.getChildren().values().stream().map(b -> b instanceof Linear ? "Linear" : b instanceof Dropout ? "Dropout"
                : b.getClass().getSimpleName()).toList();
    }
}
