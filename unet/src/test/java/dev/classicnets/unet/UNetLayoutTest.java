package dev.classicnets.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ChannelsLast;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** U-Net's convolution weights stored channels-last (its default) compute what the default layout computes. */
class UNetLayoutTest {

    private static final Shape INPUT = new Shape(2, 1, 20, 20); // padded to 24 inside: a crop on the way out

    private static UNet network(boolean channelsLast, UNet.Upsampling upsampling) {
        return UNet.padded().optDepth(2).optBaseWidth(16).numClasses(3).optUpsampling(upsampling)
                .optChannelsLast(channelsLast).build();
    }

    @Test
    void bothLayoutsGiveTheSameOutputAndGradients() {
        Assumptions.assumeTrue(ChannelsLast.available(), "no channels-last here");
        for (UNet.Upsampling upsampling : UNet.Upsampling.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(INPUT);
                UNet[] nets = {network(false, upsampling), network(true, upsampling)};
                NDArray[] outs = new NDArray[2];
                for (int k = 0; k < 2; k++) {
                    Engine.getInstance().setRandomSeed(7); // the same initial weights
                    nets[k].initialize(m, DataType.FLOAT32, INPUT);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        outs[k] = nets[k].forward(new ParameterStore(m, false), new NDList(x), true).head();
                        gc.backward(outs[k].mul(outs[k]).sum());
                    }
                }
                assertClose(outs[0], outs[1], upsampling + " output");
                PairList<String, Parameter> plain = nets[0].getParameters();
                PairList<String, Parameter> last = nets[1].getParameters();
                for (int i = 0; i < plain.size(); i++) {
                    if (!plain.valueAt(i).requiresGradient()) {
                        continue; // batch norm's running statistics
                    }
                    NDArray w = last.valueAt(i).getArray();
                    assertEquals(w.getShape().dimension() == 4 && w.getShape().get(2) > 1, ChannelsLast.isChannelsLast(w)
                            && w.getShape().get(2) > 1, plain.keyAt(i) + "'s layout");
                    assertClose(plain.valueAt(i).getArray().getGradient(), w.getGradient(),
                            upsampling + " " + plain.keyAt(i) + "'s gradient");
                }
            }
        }
    }

    @Test
    void loadedParametersAreLaidOutAgain() throws Exception {
        Assumptions.assumeTrue(ChannelsLast.available(), "no channels-last here");
        try (NDManager m = NDManager.newBaseManager()) {
            UNet saved = network(true, UNet.Upsampling.TRANSPOSED);
            saved.initialize(m, DataType.FLOAT32, INPUT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            UNet loaded = network(true, UNet.Upsampling.TRANSPOSED);
            loaded.initialize(m, DataType.FLOAT32, INPUT);
            loaded.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            int laidOut = 0;
            for (Parameter p : loaded.getParameters().values()) {
                NDArray w = p.getArray();
                if (w.getShape().dimension() == 4 && w.getShape().get(2) > 1) {
                    assertTrue(ChannelsLast.isChannelsLast(w), p.getName() + " came back (N, C, H, W)");
                    laidOut++;
                }
            }
            assertTrue(laidOut > 0, "no 4-d weight with a kernel wider than 1");
            NDList out = loaded.forward(new ParameterStore(m, false), new NDList(m.ones(INPUT)), false);
            NDList expected = saved.forward(new ParameterStore(m, false), new NDList(m.ones(INPUT)), false);
            assertClose(expected.head(), out.head(), "the loaded network's output");
        }
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float scale = expected.abs().max().getFloat();
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff <= 1e-4f * Math.max(scale, 1e-6f), what + " differs by " + diff + " (largest " + scale + ")");
    }
}
