package dev.classicnets.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the 1x1 reductions buy, at the paper's 224x224 and 1000 classes (initialise only). */
class InceptionCostTest {

    @Test
    void naiveModulesCostManyTimesMore() {
        InceptionCost cost = InceptionCost.of(Variant.PAPER, 3, 224, 1000);
        System.out.print(cost.format());
        assertEquals(6_998_552L, cost.reducedParameters());
        // the paper: "about 1.5 billion multiply-adds"
        assertTrue(cost.reducedMultiplyAdds() > 1.4e9 && cost.reducedMultiplyAdds() < 1.6e9, cost.format());
        assertTrue(cost.parameterRatio() > 5, cost.format());
        assertTrue(cost.multiplyAddRatio() > 5, cost.format());
    }
}
