package dev.classicnets.common.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Reading class-index labels the way DJL's datasets hand them over (often as float32). */
final class Labels {
    private Labels() {}

    /**
     * The class indices in {@code label} for predictions shaped {@code predictionShape} (classes on
     * axis 1): the label's values when it is shaped like the predictions without axis 1 or with a
     * size-1 axis 1, its arg max over axis 1 when it is shaped like the predictions (one-hot or soft).
     */
    static int[] classIndices(NDArray label, Shape predictionShape, String who) {
        Shape shape = label.getShape();
        if (shape.equals(predictionShape)) {
            return argMaxOverAxis1(label);
        }
        long[] dims = predictionShape.getShape();
        long[] withoutAxis1 = new long[dims.length - 1];
        withoutAxis1[0] = dims[0];
        System.arraycopy(dims, 2, withoutAxis1, 1, dims.length - 2);
        long[] singletonAxis1 = dims.clone();
        singletonAxis1[1] = 1;
        if (shape.equals(new Shape(withoutAxis1)) || shape.equals(new Shape(singletonAxis1))) {
            return toIndices(label, who);
        }
        throw new IllegalArgumentException(who + ": labels shaped " + shape + " do not fit predictions shaped "
                + predictionShape + "; expected " + new Shape(withoutAxis1) + ", " + new Shape(singletonAxis1)
                + " or " + predictionShape);
    }

    /**
     * The arg max over axis 1 of an (N, K, ...) array, in row-major order of the other axes, computed
     * in Java after one copy: libtorch's arg max over a middle axis took 100 ms for a (16, 5, 128, 128)
     * batch on 2 cores, the copy and this loop a few. Ties go to the first index and NaN wins, as in
     * torch.argmax.
     */
    static int[] argMaxOverAxis1(NDArray values) {
        Shape shape = values.getShape();
        int n = (int) shape.get(0);
        int k = (int) shape.get(1);
        int inner = (int) (shape.size() / ((long) n * k));
        float[] v;
        if (values.getDataType() == DataType.FLOAT32) {
            v = values.toFloatArray();
        } else {
            try (NDArray cast = values.toType(DataType.FLOAT32, true)) {
                v = cast.toFloatArray();
            }
        }
        int[] result = new int[n * inner];
        for (int b = 0; b < n; b++) {
            int base = b * k * inner;
            for (int p = 0; p < inner; p++) {
                int best = 0;
                float bestValue = v[base + p];
                for (int c = 1; c < k && !Float.isNaN(bestValue); c++) {
                    float x = v[base + c * inner + p];
                    if (x > bestValue || Float.isNaN(x)) {
                        best = c;
                        bestValue = x;
                    }
                }
                result[b * inner + p] = best;
            }
        }
        return result;
    }

    /** The values of an array of class indices as Java ints; fractional values are an error. */
    static int[] toIndices(NDArray indices, String who) {
        DataType type = indices.getDataType();
        if (type == DataType.INT32) {
            return indices.toIntArray();
        }
        if (type == DataType.INT64) {
            long[] values = indices.toLongArray();
            int[] result = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, values[i]));
            }
            return result;
        }
        double[] values = type == DataType.FLOAT32 ? toDoubles(indices.toFloatArray())
                : indices.toType(DataType.FLOAT64, false).toDoubleArray();
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(who + ": label " + v + " is not a class index");
            }
            result[i] = (int) v;
        }
        return result;
    }

    private static double[] toDoubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
