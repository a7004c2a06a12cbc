package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.classicnets.common.nn.StridedPointwiseConv;
import org.junit.jupiter.api.Test;

/**
 * What the shortcut does, seen by zeroing every convolution: the residual branch then outputs
 * batch norm's beta (0) at inference, so a block outputs {@code relu(shortcut(x))}, and a plain
 * block outputs zeros.
 */
class ResidualBlockTest {

    @Test
    void identityShortcutPassesTheInputThrough() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 8, 5, 5));
            NDArray y = forwardWithZeroConvs(m, new BasicBlock(8, 8, 1, Shortcut.PROJECTION, false), x);
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
        }
    }

    @Test
    void plainBlockHasNoShortcut() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 8, 5, 5));
            NDArray y = forwardWithZeroConvs(m, new BasicBlock(8, 8, 1, Shortcut.NONE, false), x);
            assertEquals(0f, y.abs().sum().getFloat());
            assertEquals(x.getShape(), y.getShape());
        }
    }

    @Test
    void optionASubsamplesAndPadsWithZeroChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // odd size: rows 0, 2, 4 of 5, as the stride-2 convolution sees them
            NDArray x = m.randomUniform(0, 1, new Shape(2, 4, 5, 5));
            BasicBlock block = new BasicBlock(4, 8, 2, Shortcut.ZERO_PAD, false);
            NDArray y = forwardWithZeroConvs(m, block, x);
            assertEquals(new Shape(2, 8, 3, 3), y.getShape());
            assertArrayEquals(x.get(new NDIndex(":, :, ::2, ::2")).toFloatArray(),
                    y.get(new NDIndex(":, :4")).toFloatArray(), 0f);
            assertEquals(0f, y.get(new NDIndex(":, 4:")).abs().sum().getFloat());
            assertEquals(0, block.getParameters().keys().stream().filter(k -> k.contains("shortcut")).count());
        }
    }

    @Test
    void projectionShortcutIsA1x1ConvolutionAndBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Bottleneck block = new Bottleneck(64, 64, 1, Shortcut.PROJECTION, false, false);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 64, 8, 8));
            assertEquals(new Shape(256, 64, 1, 1), block.getParameters().get("07downsample_010_weight").getShape());
            assertEquals(new Shape(256), block.getParameters().get("07downsample_021_gamma").getShape());
            assertEquals(new Shape(1, 256, 8, 8), block.getOutputShapes(new Shape[] {new Shape(1, 64, 8, 8)})[0]);
        }
    }

    @Test
    void bottleneckStrideSitsOnThe3x3UnlessAskedOtherwise() {
        Bottleneck torchvision = new Bottleneck(64, 32, 2, Shortcut.PROJECTION, false, false);
        Bottleneck paper = new Bottleneck(64, 32, 2, Shortcut.PROJECTION, false, true);
        assertEquals(new Shape(1, 1), stride(torchvision, "conv1"));
        assertEquals(new Shape(2, 2), stride(torchvision, "conv2"));
        assertEquals(new Shape(2, 2), stride(paper, "conv1"));
        assertEquals(new Shape(1, 1), stride(paper, "conv2"));
    }

    @Test
    void rejectsWrongInputChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            BasicBlock block = new BasicBlock(8, 8, 1, Shortcut.PROJECTION, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8)));
            assertTrue(e.getMessage().contains("(N, 8, H, W)") && e.getMessage().contains("(1, 3, 8, 8)"),
                    e.getMessage());
        }
    }

    @Test
    void plainBlockRejectsZeroInit() {
        assertThrows(IllegalArgumentException.class, () -> new BasicBlock(8, 8, 1, Shortcut.NONE, true));
    }

    /** The stride of the convolution called {@code name} (a strided 1x1 is a StridedPointwiseConv). */
    private static Shape stride(Block block, String name) {
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getKey().substring(2).equals(name)) {
                return child.getValue() instanceof StridedPointwiseConv pointwise
                        ? pointwise.getStride() : ((Conv2d) child.getValue()).getStride();
            }
        }
        throw new AssertionError("no child " + name);
    }

    /** Inference forward after zeroing every convolution weight. */
    private static NDArray forwardWithZeroConvs(NDManager m, Block block, NDArray x) {
        block.initialize(m, DataType.FLOAT32, x.getShape());
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                p.getValue().getArray().muli(0);
            }
        }
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }
}
