package dev.classicnets.vaegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.classicnets.common.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generative networks: the reference counts, shapes, initialisation, and gradients in every parameter. */
class GenerativeNetworksTest {

    @Test
    void theReferenceVaeHas652824Parameters() {
        Vae vae = Vae.mlp(1, 28, 28, 400, 20);
        long count = Parameters.countAt(vae.encoder(), new Shape(1, 1, 28, 28))
                + Parameters.countAt(vae.decoder(), new Shape(1, 20));
        assertEquals(652_824L, count, "pytorch/examples vae/main.py");
        Vae fresh = Vae.mlp(1, 28, 28, 400, 20); // countAt freed the first one's parameters
        List<Shape> shapes = trainsEveryParameter(fresh.encoder(), fresh.decoder(), new Shape(3, 1, 28, 28));
        assertEquals(List.of(new Shape(3, 20), new Shape(3, 1, 28, 28)), shapes);
    }

    @Test
    void theConvVaeTakesATwoDimensionalCode() {
        Vae vae = Vae.conv(1, 28, 28, 2);
        // encoder 544 + 32,832 + 803,072 + 1,028; decoder 768 + 805,952 + 32,800 + 513
        assertEquals(837_476L, Parameters.countAt(vae.encoder(), new Shape(1, 1, 28, 28)));
        assertEquals(840_033L, Parameters.countAt(vae.decoder(), new Shape(1, 2)));
        Vae fresh = Vae.conv(1, 28, 28, 2);
        assertEquals(List.of(new Shape(2, 2), new Shape(2, 1, 28, 28)),
                trainsEveryParameter(fresh.encoder(), fresh.decoder(), new Shape(2, 1, 28, 28)));
        assertEquals("the conv VAE halves the image twice: height and width must be multiples of 4, got 30x30",
                assertThrows(IllegalArgumentException.class, () -> Vae.conv(1, 30, 30, 2)).getMessage());
    }

    @Test
    void dcganAt64HasTheReferenceCounts() {
        Block g = Dcgan.generator(64, 3, 100, 64);
        Block d = Dcgan.discriminator(64, 3, 64, 1);
        assertEquals(3_576_704L, Parameters.countAt(g, new Shape(2, 100)), "pytorch/examples dcgan netG");
        assertEquals(2_765_568L, Parameters.countAt(d, new Shape(2, 3, 64, 64)), "pytorch/examples dcgan netD");
        assertEquals(new Shape(2, 3, 64, 64), g.getOutputShapes(new Shape[] {new Shape(2, 100)})[0]);
        assertEquals(new Shape(2, 1), d.getOutputShapes(new Shape[] {new Shape(2, 3, 64, 64)})[0]);
        assertEquals("the image side must be a power of two of at least 8 (32 for Fashion-MNIST padded, 64 as in the "
                + "paper), got 28", assertThrows(IllegalArgumentException.class,
                () -> Dcgan.generator(28, 1, 100, 64)).getMessage());
    }

    @Test
    void dcganStartsFromThePapersInitialisation() {
        Block g = Dcgan.generator(32, 1, 100, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            g.initialize(m, DataType.FLOAT32, new Shape(2, 100));
            for (Pair<String, Parameter> p : g.getParameters()) {
                NDArray w = p.getValue().getArray();
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    assertEquals(0, w.mean().getFloat(), 2e-3, p.getKey());
                    assertEquals(0.02, Math.sqrt(w.square().mean().getFloat()), 2e-3, p.getKey());
                } else if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    assertEquals(1, w.mean().getFloat(), 0.01, p.getKey());
                    assertTrue(w.sub(1).abs().max().getFloat() > 0.005, p.getKey() + " is drawn, not all ones");
                }
            }
        }
        // the 32 px form: Fashion-MNIST padded, a generator without the widest layer
        assertEquals(new Shape(2, 1, 32, 32), g.getOutputShapes(new Shape[] {new Shape(2, 100)})[0]);
        assertEquals(List.of(new Shape(2, 1, 32, 32), new Shape(2, 1)), trainsEveryParameter(
                Dcgan.generator(32, 1, 100, 32),
                Dcgan.discriminator(32, 1, 32, 1), new Shape(2, 100)));
    }

    @Test
    void vaeGanAt64() {
        Block e = VaeGan.encoder(64, 3, 64, 128);
        Block dec = VaeGan.decoder(64, 3, 64, 128);
        Block dis = VaeGan.discriminator(64, 3, 64);
        // the discriminator's convolutions + linear 8192 -> 256; DCGAN's generator from 128 codes; DCGAN's D
        assertEquals(4_854_784L, Parameters.countAt(e, new Shape(2, 3, 64, 64)));
        assertEquals(3_806_080L, Parameters.countAt(dec, new Shape(2, 128)));
        assertEquals(2_765_568L, Parameters.countAt(dis, new Shape(2, 3, 64, 64)));
        Shape[] out = dis.getOutputShapes(new Shape[] {new Shape(2, 3, 64, 64)});
        assertEquals(new Shape(2, 1), out[0]);
        assertEquals(new Shape(2, 512 * 4 * 4), out[1], "the l-th layer's features");
    }

    /**
     * Runs {@code first} then {@code second} on its first output in training mode, back-propagates the sum of
     * squares of everything, and asserts a finite non-zero gradient on every parameter of both.
     *
     * @return the shapes of the first network's first output and of the second's
     */
    private static List<Shape> trainsEveryParameter(Block first, Block second, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            first.initialize(m, DataType.FLOAT32, input);
            Shape middle = first.getOutputShapes(new Shape[] {input})[0];
            second.initialize(m, DataType.FLOAT32, middle);
            ParameterStore ps = new ParameterStore(m, false);
            Shape a;
            Shape b;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList h = first.forward(ps, new NDList(m.randomNormal(input)), true);
                NDList y = second.forward(ps, new NDList(h.head()), true);
                NDArray loss = y.head().square().sum();
                for (NDArray x : h) {
                    loss = loss.add(x.square().sum());
                }
                gc.backward(loss);
                a = h.head().getShape();
                b = y.head().getShape();
            }
            for (Block block : List.of(first, second)) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (!p.getValue().requiresGradient()) {
                        continue; // batch norm's running statistics
                    }
                    float norm = p.getValue().getArray().getGradient().norm().getFloat();
                    assertTrue(Float.isFinite(norm) && norm > 0, "gradient of " + p.getKey() + ": " + norm);
                }
            }
            return List.of(a, b);
        }
    }
}
