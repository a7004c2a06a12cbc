package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.classicnets.common.nn.MultiplyAdds;
import dev.classicnets.common.testing.StateDictKeyList;
import org.junit.jupiter.api.Test;

/** common's {@link MultiplyAdds} on layers small enough to count by hand, and on GoogLeNet. */
class MultiplyAddsTest {

    @Test
    void paddedConvolution() {
        // 4 filters of 3x3x3 at each of 5x5 positions, for 2 images: 2 * (4*5*5) * (3*3*3)
        assertEquals(2 * 100 * 27, count(conv(4, 3, 1, 1, 1), new Shape(2, 3, 5, 5)));
    }

    @Test
    void stridedUnpaddedConvolution() {
        // 5x5 input, 3x3 kernel, stride 2, no padding: 2x2 positions; 1 * (4*2*2) * 27
        assertEquals(16 * 27, count(conv(4, 3, 2, 0, 1), new Shape(1, 3, 5, 5)));
    }

    @Test
    void groupedConvolutionSeesOnlyItsGroup() {
        // 6 filters in 2 groups over 4 channels: each filter sees 2 channels x 1x1; 6*3*3 positions
        assertEquals(6 * 9 * 2, count(conv(6, 1, 1, 0, 2), new Shape(1, 4, 3, 3)));
    }

    @Test
    void sequenceOfConvolutionAndLinear() {
        // conv 2->3 1x1 on 4x4 (3*16*2 = 96), flatten to 48, linear 48->5 (240); batch 2
        Block net = new SequentialBlock()
                .add(conv(3, 1, 1, 0, 1))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        assertEquals(2 * (96 + 240), count(net, new Shape(2, 2, 4, 4)));
    }

    @Test
    void needsAnInitialisedBlock() {
        assertThrows(IllegalStateException.class, () -> MultiplyAdds.count(conv(4, 3, 1, 1, 1)));
    }

    @Test
    void googLeNetMatchesTorchvision() throws Exception {
        long expected = StateDictKeyList.read(getClass(), "googlenet").multiplyAdds224().orElseThrow();
        GoogLeNet net = GoogLeNet.builder().variant(Variant.TORCHVISION).numClasses(1000).build();
        assertEquals(expected, count(net, new Shape(1, 3, 224, 224)));
    }

    private static long count(Block block, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, input);
            return MultiplyAdds.count(block);
        }
    }

    private static Conv2d conv(int filters, int kernel, int stride, int pad, int groups) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optGroups(groups).build();
    }
}
