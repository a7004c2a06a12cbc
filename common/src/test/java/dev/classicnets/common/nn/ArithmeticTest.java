package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArithmeticTest {

    /**
     * Why {@link Arithmetic} exists: DJL's PyTorch arrays made from a direct buffer (as {@code mul(Number)} makes
     * its 0-d operand) read the buffer's memory itself, so a tensor autograd keeps outlives what it reads.
     */
    @Test
    void djlArraysFromADirectBufferShareItsMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            buffer.putFloat(0, 2f);
            NDArray a = m.create(buffer, new Shape(), DataType.FLOAT32);
            buffer.putFloat(0, 7f);
            assertEquals(7f, a.getFloat(), "DJL copies the buffer now: Arithmetic may no longer be needed");
        }
    }

    /** Values and gradients of x * 2.5, x / 4 and x ^ 1.5 (x > 0), in the input's type. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64"})
    void valuesAndGradientsKeepTheInputsType(DataType type) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = {0.25f, 1f, 2f, 9f};
            check(m, type, values, x -> Arithmetic.mul(x, 2.5), v -> 2.5 * v, v -> 2.5);
            check(m, type, values, x -> Arithmetic.div(x, 4), v -> v / 4, v -> 0.25);
            check(m, type, values, x -> Arithmetic.pow(x, 1.5), v -> Math.pow(v, 1.5), v -> 1.5 * Math.sqrt(v));
        }
    }

    private static void check(NDManager m, DataType type, float[] values, UnaryOperator<NDArray> op,
            DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        NDArray x = m.create(values).toType(type, false);
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = op.apply(x);
            gc.backward(y.sum());
        }
        assertEquals(type, y.getDataType());
        assertArrayEquals(map(values, value), y.toType(DataType.FLOAT64, false).toDoubleArray(), 1e-6);
        assertArrayEquals(map(values, derivative), x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(),
                1e-6);
    }

    private static double[] map(float[] values, DoubleUnaryOperator f) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = f.applyAsDouble(values[i]);
        }
        return out;
    }
}
