package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.L2WeightDecay;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** The penalties worked out by hand on a Linear(3 -> 2) with known weights. */
class RegularizedLossTest {

    private static final float[] W = {1, -2, 0.5f, 0, 3, -1}; // sum|w| = 7.5, sum w^2 = 15.25
    private static final float[] B = {0.5f, -1};

    private static Linear linear(NDManager manager) {
        Linear linear = Linear.builder().setUnits(2).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        linear.getParameters().get("weight").getArray().set(W);
        linear.getParameters().get("bias").getArray().set(B);
        return linear;
    }

    /** Loss and gradients for x = 0 (so the data loss reaches only the bias) and y = (1, 1). */
    private static float[][] lossAndGradients(Linear linear, Loss loss, NDManager manager) {
        NDList x = new NDList(manager.zeros(new Shape(1, 3)));
        NDList y = new NDList(manager.create(new float[] {1, 1}, new Shape(1, 2)));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = linear.forward(new ParameterStore(manager, false), x, true);
            NDArray l = loss.evaluate(y, out);
            gc.backward(l);
            float[] w = linear.getParameters().get("weight").getArray().getGradient().toFloatArray();
            float[] b = linear.getParameters().get("bias").getArray().getGradient().toFloatArray();
            return new float[][] {{l.getFloat()}, w, b};
        }
    }

    @Test
    void addsL1AndHalfL2OnWeightsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager);
            // data loss: DJL's L2Loss, mean of (y - b)^2 / 2 = ((0.5)^2 + 2^2) / 4 = 1.0625; its bias
            // gradient -(y - b) / 2 = (-0.25, -1); no weight gradient at x = 0
            float[][] r = lossAndGradients(linear, new RegularizedLoss(Loss.l2Loss(), linear, 0.1f, 0.01f), manager);
            assertEquals(1.0625f + 0.1f * 7.5f + 0.01f / 2 * 15.25f, r[0][0], 1e-6f); // 1.88875
            float[] expectedW = new float[6];
            for (int i = 0; i < 6; i++) {
                expectedW[i] = 0.1f * Math.signum(W[i]) + 0.01f * W[i];
            }
            assertArrayEquals(expectedW, r[1], 1e-6f);
            assertArrayEquals(new float[] {-0.25f, -1f}, r[2], 1e-6f, "the bias is not penalised");
        }
    }

    @Test
    void anotherFilterPenalisesBiasesToo() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager);
            float[][] r = lossAndGradients(linear, new RegularizedLoss(Loss.l2Loss(), linear, 0f, 0.2f, p -> true),
                    manager);
            assertEquals(1.0625f + 0.1f * (15.25f + 0.25f + 1f), r[0][0], 1e-5f);
            assertArrayEquals(new float[] {-0.25f + 0.2f * 0.5f, -1f - 0.2f}, r[2], 1e-6f);
        }
    }

    @Test
    void zeroFactorsGiveTheBaseLossAndNothingLeaks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager);
            assertEquals(1.0625f, lossAndGradients(linear, new RegularizedLoss(Loss.l2Loss(), linear, 0, 0), manager)[0][0],
                    1e-6f);
            RegularizedLoss loss = new RegularizedLoss(Loss.l2Loss(), linear, 0.1f, 0.1f);
            assertEquals("L2Loss", loss.getName());
            NDManager parameters = linear.getParameters().get("weight").getArray().getManager();
            try (NDManager batch = manager.newSubManager()) {
                loss.penalty(batch).close();
                int before = parameters.getManagedArrays().size();
                for (int i = 0; i < 3; i++) {
                    try (NDArray penalty = loss.penalty(batch)) {
                        assertEquals(0.1f * 7.5f + 0.05f * 15.25f, penalty.getFloat(), 1e-6f);
                    }
                }
                assertEquals(before, parameters.getManagedArrays().size());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new RegularizedLoss(Loss.l2Loss(), Linear.builder()
                .setUnits(1).build(), -1f, 0f));
    }

    @Test
    void djlsL2WeightDecayHasNoHalfAndLeavesArraysInTheParametersManager() {
        // pinned, to explain why RegularizedLoss exists: lambda * sum w^2, temporaries never closed
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager);
            Parameter weight = linear.getParameters().get("weight");
            L2WeightDecay djl = new L2WeightDecay("l2", new NDList(weight.getArray()), 0.01f);
            NDManager parameters = weight.getArray().getManager();
            int before = parameters.getManagedArrays().size();
            assertEquals(0.01f * 15.25f, djl.evaluate(null, null).getFloat(), 1e-6f);
            assertTrue(parameters.getManagedArrays().size() > before, "DJL's L2WeightDecay no longer leaks");
        }
    }
}
