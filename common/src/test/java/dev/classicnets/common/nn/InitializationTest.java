package dev.classicnets.common.nn;

import static dev.classicnets.common.testing.InitStatistics.assertConstant;
import static dev.classicnets.common.testing.InitStatistics.assertNormal;
import static dev.classicnets.common.testing.InitStatistics.assertTruncatedNormal;
import static dev.classicnets.common.testing.InitStatistics.assertUniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import dev.classicnets.common.testing.InitStatistics;
import dev.classicnets.common.testing.InitStatistics.Sample;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InitializationTest {

    /** (out 64, in 32, 3x3): fan-in 288, fan-out 576. */
    private static final Shape CONV = new Shape(64, 32, 3, 3);

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(7);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Sample draw(Initializer init, Shape shape) {
        return InitStatistics.sample(shape.toString(), init.initialize(manager, shape, DataType.FLOAT32));
    }

    @Test
    void fansAreTorchs() {
        assertEquals(288, Initialization.fanIn(CONV));
        assertEquals(576, Initialization.fanOut(CONV));
        assertEquals(50, Initialization.fanIn(new Shape(10, 50)));
        assertEquals(10, Initialization.fanOut(new Shape(10, 50)));
        assertThrows(IllegalArgumentException.class, () -> Initialization.fanIn(new Shape(10)));
    }

    @Test
    void heNormalOverTheFanOutIsKaimingNormalFanOut() {
        assertNormal(draw(Initialization.heNormalFanOut(), CONV), Math.sqrt(2.0 / 576));
        assertNormal(draw(Initialization.heNormalFanIn(), CONV), Math.sqrt(2.0 / 288));
    }

    @Test
    void uniformsHaveTheirBounds() {
        assertUniform(draw(Initialization.caffeXavier(), CONV), Math.sqrt(3.0 / 288));
        assertUniform(draw(Initialization.torchDefaultWeight(), CONV), 1 / Math.sqrt(288));
        // LeCun 1998: LeNet's C5 sees 16 maps of 5x5, fan-in 400
        assertUniform(draw(Initialization.uniformOverFanIn(2.4f), new Shape(120, 16, 5, 5)), 2.4 / 400);
        assertThrows(IllegalArgumentException.class, () -> Initialization.uniformOverFanIn(0));
    }

    @Test
    void normalsAndConstants() {
        assertNormal(draw(Initialization.normal(0.01f), new Shape(500, 200)), 0.01);
        assertTruncatedNormal(draw(Initialization.truncatedNormal(0.01f), new Shape(500, 200)), 0.01);
        assertConstant(draw(Initialization.constant(0.2f), new Shape(300)), 0.2f);
    }

    @Test
    void byRankTellsConvolutionsFromLinearLayers() {
        Initializer init = Initialization.byRank(Initialization.constant(1), Initialization.constant(2));
        assertConstant(draw(init, CONV), 1);
        assertConstant(draw(init, new Shape(4, 5)), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> draw(init, new Shape(4)));
        assertTrue(e.getMessage().contains("(4)"), e.getMessage());
    }

    @Test
    void torchDefaultGivesEveryBiasItsWeightsFanIn() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2000).optGroups(2).build())
                .add(ai.djl.nn.Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3000).build());
        Initialization.torchDefault(net);
        Map<String, Sample> s = new HashMap<>();
        InitStatistics.checkEach(net, new Shape(1, 8, 3, 3), 11, s::put);
        double convBound = 1 / Math.sqrt(4 * 9); // 8 channels in 2 groups: fan-in 4 x 3 x 3
        assertUniform(s.get("01Conv2d_weight"), convBound);
        assertUniform(s.get("01Conv2d_bias"), convBound);
        assertUniform(s.get("03Linear_weight"), 1 / Math.sqrt(2000));
        assertUniform(s.get("03Linear_bias"), 1 / Math.sqrt(2000));
    }

    @Test
    void theEngineSeedFixesTheDraws() {
        Initializer init = Initialization.heNormalFanOut();
        Engine.getInstance().setRandomSeed(3);
        NDArray a = init.initialize(manager, CONV, DataType.FLOAT32);
        NDArray b = init.initialize(manager, CONV, DataType.FLOAT32);
        Engine.getInstance().setRandomSeed(3);
        NDArray c = init.initialize(manager, CONV, DataType.FLOAT32);
        assertTrue(a.contentEquals(c), "the same seed draws the same values");
        assertFalse(a.contentEquals(b), "the next draw differs");
    }
}
