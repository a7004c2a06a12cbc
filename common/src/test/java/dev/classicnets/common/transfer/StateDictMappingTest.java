package dev.classicnets.common.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.NamedSequence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictMappingTest {

    @Test
    void numbersPlainSequencesAndNamesEverythingElse() {
        ClassifierBlock net = TinyNet.build(5);
        StateDictMapping mapping = TinyNet.mapping(net);
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.1.running_mean", "features.1.running_var", "fc.weight", "fc.bias"),
                mapping.entries().stream().map(StateDictMapping.Entry::key).toList());
        assertEquals(net.getParameters().keys(), mapping.pairs().keys(), "DJL's names, in DJL's order");
        assertEquals("01features_02BatchNorm_runningVar", mapping.pairs().get(5).getKey());
        assertEquals(List.of("features.1.num_batches_tracked"), mapping.batchCounterKeys());
        assertEquals("fc.weight", mapping.byKey("fc.weight").key());
        assertEquals(net.getParameters().get("03head_01fc_weight"), mapping.byKey("fc.weight").parameter());
    }

    @Test
    void everyPartNeedsAKeyAndEveryKeyAPart() {
        ClassifierBlock net = TinyNet.build(5);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> StateDictMapping.of("tiny", net, Map.of("features", "features", "pool", "")));
        assertEquals("tiny: no state-dict key given for the part 'head' of ClassifierBlock; parts given:"
                + " [features, pool]", missing.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> StateDictMapping.of(
                "tiny", net, Map.of("features", "", "pool", "", "head", "", "aux", "")));
        assertEquals("tiny: ClassifierBlock has no part named [aux]; its parts are [features, pool, head]",
                extra.getMessage());
    }

    @Test
    void twoParametersOnOneKeyAreRefused() {
        // features' first layer is "0" by position, the head's layer "0" by name
        ClassifierBlock net = new ClassifierBlock(TinyNet.build(5).features(), new NamedSequence(),
                new NamedSequence().add("0", Linear.builder().setUnits(3).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateDictMapping.of("clash", net, Map.of("features", "", "pool", "", "head", "")));
        assertEquals("parameters 01features_01Conv2d_weight and 03head_010_weight both map onto state-dict key"
                + " 0.weight", e.getMessage());
    }

    @Test
    void aParameterWithoutAPyTorchNameIsRefused() {
        ClassifierBlock net = new ClassifierBlock(new Scale(), new NamedSequence(), new NamedSequence());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateDictMapping.of("scale", net, Map.of("features", "f", "pool", "", "head", "")));
        assertEquals("no PyTorch name for parameter 'alpha' of Scale at 01features_; known: "
                + TorchParameterNames.djlNames(), e.getMessage());
    }

    @Test
    void namedSequenceRefusesNamesDjlWouldSplit() {
        assertThrows(IllegalArgumentException.class, () -> new NamedSequence().add("conv_1", new Scale()));
        assertThrows(IllegalArgumentException.class, () -> new NamedSequence().add("", new Scale()));
    }

    @Test
    void batchNormNamesAreTranslated() {
        assertEquals("running_mean", TorchParameterNames.torchName("runningMean").orElseThrow());
        assertEquals("weight", TorchParameterNames.torchName("gamma").orElseThrow());
        assertEquals("bias", TorchParameterNames.torchName("beta").orElseThrow());
        assertEquals(true, TorchParameterNames.torchName("alpha").isEmpty());
    }

    /** A block with a parameter PyTorch has no standard name for. */
    private static final class Scale extends AbstractBlock {
        Scale() {
            addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}
