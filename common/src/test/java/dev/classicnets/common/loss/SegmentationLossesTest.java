package dev.classicnets.common.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The segmentation losses against torch's numbers (resources/loss/torch_reference.py) and hand-computed cases. */
class SegmentationLossesTest {

    private static JsonObject ref;
    private static NDManager manager;
    private static NDArray logits;
    private static Shape shape;

    @BeforeAll
    static void load() throws Exception {
        try (var in = SegmentationLossesTest.class.getResourceAsStream("/loss/torch_reference.json")) {
            ref = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        manager = NDManager.newBaseManager();
        var s = ref.getAsJsonArray("shape");
        shape = new Shape(s.get(0).getAsLong(), s.get(1).getAsLong(), s.get(2).getAsLong(), s.get(3).getAsLong());
        logits = manager.create(floats("logits"), shape);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] floats(String key) {
        var a = ref.getAsJsonArray(key);
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    private static NDArray labels(String key) {
        var a = ref.getAsJsonArray(key);
        long[] l = new long[a.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = a.get(i).getAsLong();
        }
        return manager.create(l, new Shape(shape.get(0), 1, shape.get(2), shape.get(3)));
    }

    private static float value(Loss loss, NDArray labels) {
        return loss.evaluate(new NDList(labels), new NDList(logits)).getFloat();
    }

    private static double expected(String key) {
        return ref.get(key).getAsDouble();
    }

    @Test
    void crossEntropyMatchesTorch() {
        assertEquals(expected("ce"), value(new PixelCrossEntropyLoss(4), labels("labels")), 1e-5);
    }

    @Test
    void crossEntropyWithClassWeightsAndIgnoreIndexMatchesTorchWithItsGradient() {
        Loss loss = new PixelCrossEntropyLoss(4, 255, floats("class_weights"), null);
        NDArray x = logits.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.evaluate(new NDList(labels("labels_with_ignored")), new NDList(x));
            assertEquals(expected("ce_weighted_ignored"), l.getFloat(), 1e-5);
            gc.backward(l);
        }
        assertArrayEquals(floats("ce_weighted_ignored_grad"), x.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void tverskyFamilyMatchesItsDefinitionInTorch() {
        assertEquals(expected("dice_ignored"), value(TverskyLoss.dice(4, 255), labels("labels_with_ignored")), 1e-5);
        assertEquals(expected("jaccard"), value(SegmentationLosses.parse("jaccard", 4, SegmentationLosses.NO_IGNORE,
                null, null), labels("labels")), 1e-5);
        assertEquals(expected("tversky_0.3_0.7"), value(SegmentationLosses.parse("tversky:alpha=0.3,beta=0.7", 4,
                SegmentationLosses.NO_IGNORE, null, null), labels("labels")), 1e-5);
        assertEquals(expected("ce_plus_half_dice"), value(SegmentationLosses.parse("ce+0.5*dice", 4,
                SegmentationLosses.NO_IGNORE, null, null), labels("labels")), 1e-5);
    }

    @Test
    void aPerfectPredictionHasNoDiceLoss() {
        NDArray y = labels("labels");
        NDArray confident = manager.arange(0, 4, 1, DataType.INT64).reshape(1, 4, 1, 1).eq(y)
                .toType(DataType.FLOAT32, false).mul(100);
        float dice = TverskyLoss.dice(4, SegmentationLosses.NO_IGNORE).evaluate(new NDList(y), new NDList(confident))
                .getFloat();
        assertEquals(0, dice, 1e-6);
    }

    @Test
    void theBorderWeightMapWeighsTheGapBetweenTwoObjects() {
        // 1 0 0 0 1: two objects 4 pixels apart; every gap pixel has d1 + d2 = 4
        float[] w = BorderWeightMap.paper(SegmentationLosses.NO_IGNORE).borderTerms(new int[] {1, 0, 0, 0, 1}, 1, 5);
        float gap = (float) (10 * Math.exp(-16 / 50.0));
        assertArrayEquals(new float[] {0, gap, gap, gap, 0}, w, 1e-6f);
        // one object: no border term
        assertArrayEquals(new float[5], BorderWeightMap.paper(SegmentationLosses.NO_IGNORE)
                .borderTerms(new int[] {1, 1, 0, 0, 0}, 1, 5), 0f);
        // in 2-D: distances are Euclidean, objects of different classes are different objects
        float[] grid = BorderWeightMap.paper(SegmentationLosses.NO_IGNORE).borderTerms(new int[] {
            1, 0, 0,
            0, 0, 0,
            0, 0, 2}, 3, 3);
        double d = 1 + Math.sqrt(5); // pixel (0, 1): 1 from the first object, sqrt(1 + 4) from the second
        assertEquals(10 * Math.exp(-d * d / 50), grid[1], 1e-5);
    }

    @Test
    void theWeightMapRaisesTheLossOfAGapPixel() {
        NDArray y = manager.create(new long[] {1, 0, 0, 0, 1}, new Shape(1, 1, 1, 5));
        NDArray x = manager.create(new float[] {0, 0, 0, 0, 0, 0, 0, 5, 0, 0}, new Shape(1, 2, 1, 5)); // one wrong gap pixel
        float plain = new PixelCrossEntropyLoss(2).evaluate(new NDList(y), new NDList(x)).getFloat();
        float mapped = new PixelCrossEntropyLoss(2, SegmentationLosses.NO_IGNORE, null,
                BorderWeightMap.paper(SegmentationLosses.NO_IGNORE)).evaluate(new NDList(y), new NDList(x)).getFloat();
        assertTrue(mapped > plain, mapped + " vs " + plain);
    }

    @Test
    void badInputGetsOneClearSentence() {
        NDArray y = manager.create(new long[] {0, 7, 1, 0}, new Shape(1, 1, 2, 2));
        NDArray x = manager.zeros(new Shape(1, 2, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PixelCrossEntropyLoss(2).evaluate(new NDList(y), new NDList(x)));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SegmentationLosses.parse("ce+focal", 2, 255, null, null));
        assertTrue(e.getMessage().contains("focal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PixelCrossEntropyLoss(2, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> SegmentationLosses.parse("dice", 2, 255, new float[] {1, 2},
                null));
    }
}
