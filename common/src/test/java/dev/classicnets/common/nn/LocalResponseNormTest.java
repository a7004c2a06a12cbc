package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The channel-window sum through a channels-last view computes what the plain NCHW form computes, to the bit. */
class LocalResponseNormTest {

    /** The straightforward form: the NCHW average pool over a (N, 1, C, HW) view of the squares. */
    private static NDArray plainForm(NDArray x, int size, float alpha, float beta, float k) {
        Shape s = x.getShape();
        NDArray sq = x.square().reshape(s.get(0), 1, s.get(1), s.get(2) * s.get(3));
        NDArray mean = Pool.avgPool2d(sq, new Shape(size, 1), new Shape(1, 1), new Shape(size / 2, 0), false, true);
        NDArray sum = Arithmetic.mul(mean, size).reshape(s);
        return x.div(Arithmetic.pow(Arithmetic.mul(sum, alpha).add(k), beta));
    }

    private static void assertLikePlainForm(NDArray x, int size, float alpha, float beta, float k, String what) {
        LocalResponseNorm lrn = new LocalResponseNorm(size, alpha, beta, k);
        lrn.initialize(x.getManager(), DataType.FLOAT32, x.getShape());
        ParameterStore ps = new ParameterStore(x.getManager(), false);
        SameBits.assertSameForwardAndGradient(x, a -> plainForm(a, size, alpha, beta, k),
                a -> lrn.forward(ps, new NDList(a), true).head(), what);
    }

    @Test
    void sameBitsAsThePlainForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            // AlexNet's setting at the first LRN of the cpu preset's shape (batch cut to 4), odd sizes, edges
            assertLikePlainForm(m.randomNormal(new Shape(4, 48, 15, 15)).mul(10), 5, 1e-4f, 0.75f, 2f, "AlexNet");
            assertLikePlainForm(m.randomNormal(new Shape(3, 7, 5, 3)), 5, 1e-2f, 0.75f, 2f, "7 channels");
            assertLikePlainForm(m.randomNormal(new Shape(2, 3, 4, 4)), 5, 1e-2f, 0.75f, 1f, "window wider than C");
            assertLikePlainForm(m.randomNormal(new Shape(2, 16, 1, 1)), 3, 1e-1f, 0.5f, 1f, "1x1 spatial");
            assertLikePlainForm(m.randomNormal(new Shape(2, 1, 3, 3)), 1, 1e-1f, 0.75f, 2f, "one channel, size 1");
            NDArray channelsLast = m.randomNormal(new Shape(2, 8, 6, 6));
            assertTrue(ChannelsLast.toChannelsLast(channelsLast));
            assertLikePlainForm(channelsLast, 5, 1e-2f, 0.75f, 2f, "channels-last input");
        }
    }
}
