package dev.classicnets.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;

class ParametersTest {

    /** conv 8x3x3x3 + 8, batch norm 8 + 8 (running stats do not count), linear 8*6*6*5 + 5. */
    private static final long EXPECTED = 8 * 27 + 8 + 16 + 8 * 36 * 5 + 5;

    private static Block net() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build()) // 3x8x8 -> 8x6x6
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    @Test
    void countAtAgreesWithCountingAnInitialisedBlock() {
        Shape input = new Shape(1, 3, 8, 8);
        assertEquals(EXPECTED, Parameters.countAt(net(), input));
        Block initialised = net();
        try (NDManager manager = NDManager.newBaseManager()) {
            initialised.initialize(manager, DataType.FLOAT32, input);
            assertEquals(EXPECTED, Parameters.countTrainable(initialised));
            assertEquals("countAt needs a fresh block, got an initialised one; use countTrainable(block)",
                    assertThrows(IllegalArgumentException.class, () -> Parameters.countAt(initialised, input))
                            .getMessage());
        }
    }

    @Test
    void countAtFollowsTheInputShape() {
        // 10x10 leaves 8x8 maps: the linear layer sees 8*64 features instead of 8*36
        assertEquals(EXPECTED + 8 * 28 * 5, Parameters.countAt(net(), new Shape(1, 3, 10, 10)));
        assertEquals(0, Parameters.countAt(Blocks.identityBlock(), new Shape(1, 3, 4, 4)));
    }
}
