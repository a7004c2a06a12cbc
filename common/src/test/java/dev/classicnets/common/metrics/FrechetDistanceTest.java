package dev.classicnets.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against the numbers {@code metrics/frechet_reference.py} computed with torch. */
class FrechetDistanceTest {

    @Test
    void matchesTorchOnFourFeatureSets() throws IOException {
        List<String> seen = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/metrics/frechet_reference.json")) {
            JsonObject json = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            for (var c : json.getAsJsonArray("cases")) {
                JsonObject o = c.getAsJsonObject();
                double expected = o.get("distance").getAsDouble();
                double got = FrechetDistance.between(FeatureStatistics.of(matrix(o.getAsJsonArray("a"))),
                        FeatureStatistics.of(matrix(o.getAsJsonArray("b"))));
                String name = o.get("name").getAsString();
                assertEquals(expected, got, 1e-7 * Math.max(1, Math.abs(expected)), name);
                seen.add(name);
            }
        }
        assertEquals(List.of("correlated", "rank_deficient", "relu_features", "identical"), seen);
    }

    @Test
    void knownGaussiansAndBatchedAccumulation() {
        // N(0, I) against N(mu, 4 I) in 3-d: |mu|^2 + 3 + 12 - 2 * 3 * 2 = |mu|^2 + 3
        double[][] eye = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[][] four = {{4, 0, 0}, {0, 4, 0}, {0, 0, 4}};
        assertEquals(1 + 4 + 3, FrechetDistance.between(new double[3], eye, new double[] {1, 2, 0}, four), 1e-12);

        Random rng = new Random(7);
        double[][] rows = new double[50][6];
        for (double[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                r[i] = rng.nextGaussian();
            }
        }
        FeatureStatistics whole = FeatureStatistics.of(rows);
        FeatureStatistics batched = new FeatureStatistics(6);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[50 * 6];
            for (int n = 0; n < 50; n++) {
                for (int i = 0; i < 6; i++) {
                    flat[n * 6 + i] = (float) rows[n][i];
                }
            }
            batched.add(m.create(java.util.Arrays.copyOfRange(flat, 0, 120), new ai.djl.ndarray.types.Shape(20, 6)));
            batched.add(m.create(java.util.Arrays.copyOfRange(flat, 120, 300), new ai.djl.ndarray.types.Shape(30, 6)));
        }
        assertEquals(50, batched.count());
        assertEquals(0, FrechetDistance.between(whole, batched), 1e-5, "float32 batches give the same statistics");
        assertTrue(FrechetDistance.between(whole, FeatureStatistics.of(new double[][] {{1, 1, 1, 1, 1, 1},
                {0, 0, 0, 0, 0, 0}})) > 1);
    }

    @Test
    void badInputIsOneSentence() {
        FeatureStatistics s = new FeatureStatistics(3);
        assertEquals("a feature vector must have 3 values, got 2",
                assertThrows(IllegalArgumentException.class, () -> s.add(new double[] {1, 2})).getMessage());
        assertEquals("feature 1 is NaN; features must be finite",
                assertThrows(IllegalArgumentException.class, () -> s.add(new double[] {1, Double.NaN, 2})).getMessage());
        assertThrows(IllegalStateException.class, s::covariance);
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(FeatureStatistics.of(
                new double[][] {{1, 2}, {2, 3}}), FeatureStatistics.of(new double[][] {{1, 2, 3}, {2, 3, 4}})));
    }

    private static double[][] matrix(JsonArray rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            m[i] = new double[r.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = r.get(j).getAsDouble();
            }
        }
        return m;
    }
}
