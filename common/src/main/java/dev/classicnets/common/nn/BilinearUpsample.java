package dev.classicnets.common.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Bilinear upsampling by an integer factor with {@code align_corners=True}, as {@code
 * torch.nn.Upsample(scale_factor=s, mode='bilinear', align_corners=True)} (milesial/Pytorch-UNet's
 * bilinear U-Net). Written as two matrix products with fixed interpolation matrices, {@code A_h x
 * A_w^T}, so autograd flows through it on any engine; DJL's image resize works on HWC images.
 */
public final class BilinearUpsample extends AbstractBlock {

    private final int factor;

    /** @param factor the output is {@code factor} times the input's height and width (at least 1) */
    public BilinearUpsample(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("upsampling factor must be at least 1, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("BilinearUpsample expects (N, C, H, W), got " + s);
        }
        NDManager m = x.getManager();
        NDArray rows = m.create(matrix((int) s.get(2), (int) s.get(2) * factor),
                new Shape(s.get(2) * factor, s.get(2))).toType(x.getDataType(), false);
        NDArray cols = m.create(matrix((int) s.get(3), (int) s.get(3) * factor),
                new Shape(s.get(3) * factor, s.get(3))).toType(x.getDataType(), false);
        // (N, C, H, W) x (W, sW) -> (N, C, H, sW); (sH, H) x (N, C, H, sW) -> (N, C, sH, sW)
        return new NDList(rows.matMul(x.matMul(cols.transpose())));
    }

    /** Row {@code o} holds the weights of the inputs output {@code o} interpolates (align_corners=True). */
    static float[] matrix(int in, int out) {
        float[] a = new float[out * in];
        for (int o = 0; o < out; o++) {
            double src = out == 1 || in == 1 ? 0 : (double) o * (in - 1) / (out - 1);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double f = src - i0;
            a[o * in + i0] += (float) (1 - f);
            a[o * in + i1] += (float) f;
        }
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) * factor, s.get(3) * factor)};
    }

    @Override
    public String toString() {
        return "BilinearUpsample(x" + factor + ", align_corners)";
    }
}
