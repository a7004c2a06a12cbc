package dev.classicnets.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ModelSummary;
import dev.classicnets.common.nn.Parameters;
import org.junit.jupiter.api.Test;

/** Parameter counts against the paper and milesial/Pytorch-UNet, and output shapes of both variants. */
class UNetShapeTest {

    @Test
    void thePapersNetworkHas31030658Parameters() {
        assertEquals(31_030_658L, Parameters.countAt(UNet.paper().numClasses(2).build(), new Shape(1, 1, 572, 572)));
    }

    @Test
    void milesialsNetworksCountsMatch() {
        assertEquals(31_037_698L, Parameters.countAt(UNet.padded().numClasses(2).build(), new Shape(1, 3, 64, 64)));
        assertEquals(17_263_042L, Parameters.countAt(UNet.padded().numClasses(2)
                .optUpsampling(UNet.Upsampling.BILINEAR).build(), new Shape(1, 3, 64, 64)));
    }

    @Test
    void the572TileGivesA388Map() {
        assertEquals(388, UNet.paperOutputSize(572, 4));
        assertEquals(new Shape(1, 2, 388, 388), UNet.paper().build().getOutputShapes(new Shape[] {
            new Shape(1, 1, 572, 572)})[0]);
        // the real forward pass, at a width small enough for a test
        assertEquals(new Shape(1, 2, 388, 388), forward(UNet.paper().optBaseWidth(2).build(), new Shape(1, 1, 572, 572)));
        ModelSummary summary = ModelSummary.of(UNet.paper().build(), new Shape(1, 1, 572, 572), 3);
        assertEquals(31_030_658L, summary.totalParameters());
        assertTrue(summary.format().contains("(1, 2, 388, 388)"), summary.format());
        assertEquals(23, summary.rows().stream().filter(r -> r.type().contains("Conv")).count(),
                "23 convolutional layers:\n" + summary.format());
    }

    @Test
    void thePaddedNetworkTakesAnySize() {
        for (UNet.Upsampling up : UNet.Upsampling.values()) {
            for (int[] hw : new int[][] {{37, 50}, {16, 16}, {1, 3}}) {
                Shape in = new Shape(2, 3, hw[0], hw[1]);
                assertEquals(new Shape(2, 5, hw[0], hw[1]), forward(UNet.padded().numClasses(5).optBaseWidth(4)
                        .optUpsampling(up).build(), in), up + " at " + in);
            }
        }
    }

    @Test
    void anInvalidPaperSizeNamesTheNearestValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward(UNet.paper().optBaseWidth(2).build(), new Shape(1, 1, 570, 570)));
        assertTrue(e.getMessage().contains("570") && e.getMessage().contains("572"), e.getMessage());
    }

    static Shape forward(UNet net, Shape in) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, in);
            NDArray y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false).head();
            return y.getShape();
        }
    }
}
