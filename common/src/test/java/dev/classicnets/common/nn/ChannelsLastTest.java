package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {

    private static final Shape INPUT = new Shape(4, 3, 12, 12);

    @BeforeAll
    static void libtorchEntryPoints() {
        assertTrue(ChannelsLast.available(), "libtorch's entry points should load on x86-64 Linux");
    }

    /** Conv-BN-ReLU-conv, global pooling, a linear head: conv weights (8, 3, 3, 3), (16, 8, 3, 3), (16, 8, 1, 1). */
    private static ClassifierBlock network(boolean channelsLast) {
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setFilters(16).setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
                        .build())
                .add(Conv2d.builder().setFilters(16).setKernelShape(new Shape(1, 1)).build());
        ClassifierBlock net = new ClassifierBlock(features, Pool.globalAvgPool2dBlock(),
                Linear.builder().setUnits(5).build());
        net.setChannelsLast(channelsLast);
        return net;
    }

    @Test
    void initializeLaysOutTheConvolutionWeightsOnlyAndKeepsTheirValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            ClassifierBlock plain = network(false);
            plain.initialize(m, DataType.FLOAT32, INPUT);
            Engine.getInstance().setRandomSeed(7);
            ClassifierBlock last = network(true);
            last.initialize(m, DataType.FLOAT32, INPUT);
            PairList<String, Parameter> a = plain.getParameters();
            PairList<String, Parameter> b = last.getParameters();
            for (int i = 0; i < a.size(); i++) {
                NDArray w = b.valueAt(i).getArray();
                assertEquals(w.getShape().dimension() == 4, ChannelsLast.isChannelsLast(w), b.keyAt(i));
                assertFalse(ChannelsLast.isChannelsLast(a.valueAt(i).getArray()) && w.getShape().get(2) > 1,
                        a.keyAt(i));
                // DJL reads the elements out in (N, C, H, W) order whatever the layout
                assertArrayEquals(a.valueAt(i).getArray().toFloatArray(), w.toFloatArray(), 0f, b.keyAt(i));
            }
            assertEquals(0, ChannelsLast.apply(last), "a second apply has nothing left to convert");
        }
    }

    /** The same function rounded differently: outputs and every gradient as the (N, C, H, W) network's. */
    @Test
    void forwardAndBackwardMatchTheDefaultLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierBlock[] nets = {network(false), network(true)};
            NDArray x = m.randomNormal(INPUT);
            NDArray y = m.create(new int[] {0, 3, 4, 1});
            float[][] outputs = new float[2][];
            for (int k = 0; k < 2; k++) {
                Engine.getInstance().setRandomSeed(11);
                nets[k].initialize(m, DataType.FLOAT32, INPUT);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = nets[k].forward(new ParameterStore(m, false), new NDList(x), true).head();
                    gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
                    outputs[k] = out.toFloatArray();
                }
            }
            assertArrayEquals(outputs[0], outputs[1], 1e-5f);
            PairList<String, Parameter> a = nets[0].getParameters();
            PairList<String, Parameter> b = nets[1].getParameters();
            for (int i = 0; i < a.size(); i++) {
                if (!a.valueAt(i).requiresGradient()) {
                    continue; // batch norm's running statistics
                }
                NDArray g = b.valueAt(i).getArray().getGradient();
                assertArrayEquals(a.valueAt(i).getArray().getGradient().toFloatArray(), g.toFloatArray(), 1e-5f,
                        a.keyAt(i));
                if (g.getShape().dimension() == 4) {
                    assertTrue(ChannelsLast.isChannelsLast(g), a.keyAt(i) + "'s gradient is not channels-last");
                }
            }
        }
    }

    /** DJL's {@code set} leaves an array (N, C, H, W)-contiguous; {@link ChannelsLast#set} keeps the layout. */
    @Test
    void setKeepsTheLayoutAndTakesTheValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = channelsLastWeight(m);
            NDArray values = m.randomNormal(w.getShape());
            ChannelsLast.set(w, values.toByteBuffer());
            assertTrue(ChannelsLast.isChannelsLast(w));
            assertArrayEquals(values.toFloatArray(), w.toFloatArray(), 0f);
            w.set(values.toByteBuffer());
            assertFalse(ChannelsLast.isChannelsLast(w), "DJL's set keeps the layout now: ChannelsLast.set can go");
        }
    }

    @Test
    void theStateOfAWeightFollowsItsLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray channelsLast = channelsLastWeight(m);
            NDArray plain = m.randomNormal(channelsLast.getShape());
            for (NDArray weight : new NDArray[] {plain, channelsLast}) {
                NDArray state = m.randomNormal(weight.getShape());
                float[] values = state.toFloatArray();
                ChannelsLast.matchLayout(state, weight);
                assertEquals(ChannelsLast.isChannelsLast(weight), ChannelsLast.isChannelsLast(state));
                assertArrayEquals(values, state.toFloatArray(), 0f);
            }
        }
    }

    /** The first convolution weight of a channels-last network initialised in {@code m}. */
    private static NDArray channelsLastWeight(NDManager m) {
        ClassifierBlock net = network(true);
        net.initialize(m, DataType.FLOAT32, INPUT);
        return net.getParameters().values().stream().map(Parameter::getArray)
                .filter(w -> w.getShape().dimension() == 4).findFirst().orElseThrow();
    }
}
