package dev.classicnets.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ConvTranspose2d;
import dev.classicnets.common.nn.Parameters;

/**
 * What a decoder's training step asks of one {@link ConvTranspose2d}: forward on a fixed random input,
 * loss sum(y * g) with a fixed random g, backward to the input, weight and bias.
 */
final class ConvTransposeStep implements Runner {

    private final NDManager manager = NDManager.newBaseManager();
    private final ConvTranspose2d conv;
    private final NDArray x;
    private final NDArray g;

    ConvTransposeStep(long[] input, int out, int kernel, int stride, int padding) {
        Engine.getInstance().setRandomSeed(0);
        conv = ConvTranspose2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).build();
        Shape in = new Shape(input);
        conv.initialize(manager, DataType.FLOAT32, in);
        x = manager.randomNormal(in);
        x.setRequiresGradient(true);
        g = manager.randomNormal(conv.getOutputShapes(new Shape[] {in})[0]);
    }

    @Override
    public Float step() {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            // what is computed from x joins x's manager: without this every step's arrays stayed until the end
            // (64 MB a step at dcgan-16to32, each step's writes page-faulting into fresh memory)
            x.tempAttach(step);
            NDArray y = conv.forward(new ParameterStore(step, false), new NDList(x), true).head();
            gc.backward(y.mul(g).sum());
        }
        return null;
    }

    @Override
    public long parameters() {
        return Parameters.countTrainable(conv);
    }

    @Override
    public void close() {
        manager.close();
    }
}
