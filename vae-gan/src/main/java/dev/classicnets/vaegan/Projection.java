package dev.classicnets.vaegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.Require;
import dev.classicnets.common.nn.Parameters;

/**
 * DCGAN's first generator layer, a 4x4 transposed convolution of stride 1 on a 1x1 code, computed as what
 * it is: one matrix product, {@code (N, nz) x (nz, C*4*4)}, reshaped to (N, C, 4, 4). The weight has
 * PyTorch's {@code ConvTranspose2d} layout and name, (nz, C, 4, 4), so parameters map one to one. The
 * convolution route would run libtorch's oneDNN kernel over nz = 100 input channels, a count this
 * machine's kernel gets wrong (see common.nn.ChannelPaddedConv2d).
 */
final class Projection extends AbstractBlock {

    private final int filters;
    private final int side;
    private final Parameter weight;

    Projection(int filters, int side) {
        this.filters = filters;
        this.side = side;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        NDArray w = Parameters.scopedTo(ps.getValue(weight, z.getDevice(), training), z);
        long n = z.getShape().get(0);
        return new NDList(z.reshape(n, -1).matMul(w.reshape(w.getShape().get(0), -1)).reshape(n, filters, side, side));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Require.that(in.dimension() == 2, "the projection takes codes (N, nz), got " + in);
        weight.setShape(new Shape(in.get(1), filters, side, side));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), filters, side, side)};
    }

    @Override
    public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {}
}
