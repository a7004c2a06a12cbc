package dev.classicnets.common.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.classicnets.common.nn.ClassifierBlock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    @Test
    void exportThenStrictLoadGivesTheSameNetwork() throws IOException {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierBlock source = TinyNet.initialized(m, 5);
            StateDictMapping sourceMapping = TinyNet.mapping(source);
            m.randomUniform(0.5f, 2f, new Shape(4)).copyTo(sourceMapping.byKey("features.1.running_var")
                    .parameter().getArray());
            Map<String, NDArray> exported = StateDict.export(sourceMapping, m);
            assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                    "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked",
                    "fc.weight", "fc.bias"), List.copyOf(exported.keySet()));
            NDArray counter = exported.get("features.1.num_batches_tracked");
            assertEquals(DataType.INT64, counter.getDataType());
            assertEquals(new Shape(), counter.getShape());
            exported.forEach((key, array) -> assertEquals(key, array.getName()));

            // through DJL's npz encoder and decoder, as a file would go
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new NDList(exported.values()).encode(bytes, NDList.Encoding.NPZ);
            Map<String, NDArray> read = StateDict.byName(NDList.decode(m, bytes.toByteArray()));

            ClassifierBlock target = TinyNet.initialized(m, 5);
            StateDict.LoadReport report = StateDict.loadStrict(TinyNet.mapping(target), read);
            assertTrue(report.complete());
            assertEquals(8, report.loaded().size());
            NDArray x = m.randomNormal(TinyNet.INPUT);
            assertArrayEquals(forward(source, x).toFloatArray(), forward(target, x).toFloatArray());

            // the export is a copy: changing it leaves the network alone
            NDArray fc = sourceMapping.byKey("fc.bias").parameter().getArray();
            float before = fc.getFloat(0);
            exported.get("fc.bias").addi(1f);
            assertEquals(before, fc.getFloat(0));
        }
    }

    @Test
    void strictLoadNamesEveryProblemAndLoadsNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierBlock net = TinyNet.initialized(m, 5);
            StateDictMapping mapping = TinyNet.mapping(net);
            Map<String, NDArray> state = StateDict.export(mapping, m);
            state.get("features.0.weight").addi(1f);
            state.remove("features.1.running_mean");
            state.put("fc.bias", m.zeros(new Shape(7)));
            state.put("fc2.weight", m.zeros(new Shape(3, 2)));
            float[] weightBefore = mapping.byKey("features.0.weight").parameter().getArray().toFloatArray();

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateDict.loadStrict(mapping, state));
            assertEquals("the state dict does not fit tiny (3 problems): key features.1.running_mean is missing"
                    + " from the state dict (our 01features_02BatchNorm_runningMean has shape (4)); key fc.bias has"
                    + " shape (7) in the state dict but (5) in our 03head_01fc_bias; key fc2.weight (shape (3, 2))"
                    + " of the state dict has no counterpart in tiny", e.getMessage());
            assertArrayEquals(weightBefore, mapping.byKey("features.0.weight").parameter().getArray().toFloatArray(),
                    "nothing is loaded from a state dict that does not fit");
        }
    }

    @Test
    void nonStrictLoadKeepsANewHeadAndReportsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierBlock pretrained = TinyNet.initialized(m, 1000);
            Map<String, NDArray> state = new LinkedHashMap<>(StateDict.export(TinyNet.mapping(pretrained), m));
            state.put("aux.weight", m.ones(new Shape(2)));
            ClassifierBlock net = TinyNet.initialized(m, 10);
            StateDictMapping mapping = TinyNet.mapping(net);
            float[] headBefore = mapping.byKey("fc.weight").parameter().getArray().toFloatArray();

            StateDict.LoadReport report = StateDict.loadNonStrict(mapping, state);
            assertFalse(report.complete());
            assertEquals(List.of("fc.weight", "fc.bias"), report.mismatched());
            assertEquals(List.of("fc.weight", "fc.bias"), report.leftOut());
            assertEquals(List.of("aux.weight"), report.unexpected());
            assertEquals(List.of(), report.missing());
            assertEquals(6, report.loaded().size());
            assertEquals("key fc.weight has shape (1000, 4) in the state dict but (10, 4) in our 03head_01fc_weight",
                    report.problems().get(0));
            assertArrayEquals(state.get("features.0.weight").toFloatArray(),
                    mapping.byKey("features.0.weight").parameter().getArray().toFloatArray());
            assertArrayEquals(headBefore, mapping.byKey("fc.weight").parameter().getArray().toFloatArray());
        }
    }

    @Test
    void batchCountersAreIgnoredAndDoublesConverted() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMapping mapping = TinyNet.mapping(TinyNet.initialized(m, 5));
            Map<String, NDArray> state = new LinkedHashMap<>(StateDict.export(mapping, m));
            state.put("features.1.num_batches_tracked", m.create(12345L));
            NDArray var = m.randomUniform(0.5f, 2f, new Shape(4));
            state.put("features.1.running_var", var.toType(DataType.FLOAT64, true));
            StateDict.loadStrict(mapping, state);
            NDArray loaded = mapping.byKey("features.1.running_var").parameter().getArray();
            assertEquals(DataType.FLOAT32, loaded.getDataType());
            assertArrayEquals(var.toFloatArray(), loaded.toFloatArray());
            assertTrue(StateDict.loadStrict(mapping, withoutCounters(state)).complete(), "counters are optional");
        }
    }

    @Test
    void integerTensorsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMapping mapping = TinyNet.mapping(TinyNet.initialized(m, 5));
            Map<String, NDArray> state = new LinkedHashMap<>(StateDict.export(mapping, m));
            state.put("fc.bias", m.zeros(new Shape(5), DataType.INT32));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateDict.loadStrict(mapping, state));
            assertEquals("the state dict does not fit tiny (1 problem): key fc.bias holds int32 values of shape (5),"
                    + " expected floating point for our 03head_01fc_bias", e.getMessage());
        }
    }

    @Test
    void loadedParametersStillTrain() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierBlock source = TinyNet.initialized(m, 5);
            ClassifierBlock net = TinyNet.initialized(m, 5);
            StateDictMapping mapping = TinyNet.mapping(net);
            StateDict.loadStrict(mapping, StateDict.export(TinyNet.mapping(source), m));
            NDArray weight = mapping.byKey("features.0.weight").parameter().getArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(TinyNet.INPUT)), true)
                        .singletonOrThrow();
                gc.backward(y.square().sum());
            }
            assertTrue(weight.getGradient().abs().sum().getFloat() > 0, "gradient reaches a loaded weight");
        }
    }

    @Test
    void uninitialisedNetworksAndUnnamedArraysAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            StateDictMapping mapping = TinyNet.mapping(TinyNet.build(5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDict.export(mapping, m));
            assertEquals("parameter 01features_01Conv2d_weight of tiny is not initialised; initialise the network"
                    + " with its input shape before loading or exporting", e.getMessage());

            NDArray named = m.zeros(new Shape(1));
            named.setName("a");
            NDArray again = m.zeros(new Shape(1));
            again.setName("a");
            assertEquals("array 1 of 2 has no name; a state dict names every tensor",
                    assertThrows(IllegalArgumentException.class,
                            () -> StateDict.byName(new NDList(named, m.zeros(new Shape(1))))).getMessage());
            assertEquals("two arrays are named a; state-dict keys are unique",
                    assertThrows(IllegalArgumentException.class,
                            () -> StateDict.byName(new NDList(named, again))).getMessage());
        }
    }

    private static Map<String, NDArray> withoutCounters(Map<String, NDArray> state) {
        Map<String, NDArray> copy = new LinkedHashMap<>(state);
        copy.keySet().removeIf(k -> k.endsWith(TorchParameterNames.BATCH_COUNTER));
        return copy;
    }

    private static NDArray forward(ClassifierBlock net, NDArray x) {
        return net.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }
}
