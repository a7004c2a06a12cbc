package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Local response normalisation across channels (Krizhevsky et al. 2012, section 3.3); DJL has
 * none.
 *
 * <p>{@code b[c] = a[c] / (k + alpha * sum(a[c']^2 for c' within size/2 of c))^beta}, the paper's
 * formula, with {@code alpha} applied to the sum. PyTorch's {@code nn.LocalResponseNorm} divides
 * alpha by {@code size}; {@link #torchStyle} builds that form. AlexNet uses size 5, alpha 1e-4,
 * beta 0.75, k 2.
 */
public class LocalResponseNorm extends AbstractBlock {

    private final int size;
    private final float alpha;
    private final float beta;
    private final float k;

    /**
     * The paper's form: alpha multiplies the plain sum over {@code size} neighbouring channels.
     *
     * @param size the number of channels in the window (odd, at least 1)
     */
    public LocalResponseNorm(int size, float alpha, float beta, float k) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("LRN size must be an odd number >= 1, got " + size);
        }
        if (!(k > 0) && !(alpha > 0)) {
            throw new IllegalArgumentException("LRN needs k > 0 or alpha > 0, got k=" + k + ", alpha=" + alpha);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /** AlexNet's setting: size 5, alpha 1e-4, beta 0.75, k 2. */
    public static LocalResponseNorm alexNet() {
        return new LocalResponseNorm(5, 1e-4f, 0.75f, 2f);
    }

    /** PyTorch's {@code nn.LocalResponseNorm(size, alpha, beta, k)}, which uses alpha / size. */
    public static LocalResponseNorm torchStyle(int size, float alpha, float beta, float k) {
        return new LocalResponseNorm(size, alpha / size, beta, k);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("LocalResponseNorm expects (N, C, H, W) input, got " + s);
        }
        // Sum of squares over a window of channels: an average pool with zero padding counted, times the
        // window size. The squares (N, C, H, W) are viewed as (N, HW, C, 1) in channels-last strides, no copy:
        // libtorch's channels-last pooling adds whole rows of HW values at a time, where its NCHW kernel (on a
        // (N, 1, C, HW) view) loops over every output alone. Same sums in the same order, so the same bits;
        // AlexNet's LRN forward + backward at (128, 48, 15, 15) took 12-13.5 ms instead of 25-36.
        long n = s.get(0), c = s.get(1), hw = s.get(2) * s.get(3);
        NDArray sq = x.square().reshape(n, c, 1, hw).transpose(0, 3, 1, 2); // (N, HW, C, 1), channels-last
        NDArray windowMean = Pool.avgPool2d(sq, new Shape(size, 1), new Shape(1, 1), new Shape(size / 2, 0), false,
                true).transpose(0, 2, 3, 1); // (N, C, 1, HW), contiguous
        NDArray windowSum = Arithmetic.mul(windowMean, size).reshape(s);
        NDArray denominator = Arithmetic.pow(Arithmetic.mul(windowSum, alpha).add(k), beta);
        return new NDList(x.div(denominator));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "LocalResponseNorm(size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")";
    }
}
