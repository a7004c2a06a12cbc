package dev.classicnets.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads state dicts that torch 1.13 wrote moments ago ({@code io/write_state_dicts.py}) and compares every
 * tensor with what torch saw: dtype, shape, sum and first values.
 */
class TorchWeightsTest {

    /** The array type for each torch dtype: bfloat16 and int16 are widened, as DJL's PyTorch engine has neither. */
    private static final Map<String, DataType> DTYPES = Map.of("float32", DataType.FLOAT32, "float16",
            DataType.FLOAT16, "bfloat16", DataType.FLOAT32, "float64", DataType.FLOAT64, "int64", DataType.INT64,
            "int32", DataType.INT32, "int16", DataType.INT32, "int8", DataType.INT8, "uint8", DataType.UINT8, "bool",
            DataType.BOOLEAN);

    /** Asserts that {@code actual} holds the tensors torch described in {@code expected}, in its key order. */
    static void assertMatches(JsonObject expected, Map<String, NDArray> actual) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "keys in file order");
        for (String name : expected.keySet()) {
            JsonObject e = expected.getAsJsonObject(name);
            NDArray array = actual.get(name);
            assertEquals(name, array.getName());
            assertEquals(DTYPES.get(e.get("dtype").getAsString()), array.getDataType(), name);
            long[] shape = new long[e.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getAsJsonArray("shape").get(i).getAsLong();
            }
            assertArrayEquals(shape, array.getShape().getShape(), name);
            double[] values = array.toType(DataType.FLOAT64, false).toDoubleArray();
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            double expectedSum = e.get("sum").getAsDouble();
            assertEquals(expectedSum, sum, 1e-9 * Math.max(1, Math.abs(expectedSum)), name + " sum");
            List<JsonElement> first = e.getAsJsonArray("first").asList();
            for (int i = 0; i < first.size(); i++) {
                assertEquals(first.get(i).getAsDouble(), values[i], 0, name + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"every_dtype_zip.pth", "every_dtype_legacy.pth"})
    void readsEveryDtypeViewAndScalarAsTorchSavedThem(String file) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> sd = TorchWeights.read(TorchFiles.dir().resolve(file), manager);
            assertMatches(TorchFiles.expected().getAsJsonObject("every_dtype"), sd);
            // the transposed view comes out in torch's logical order: row i is column i of the saved 3x4
            assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9}, slice(sd.get("transposed").toFloatArray(), 6));
            assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9}, sd.get("shared_a").toFloatArray());
            assertArrayEquals(new float[] {0, 5, 10, 15, 20}, sd.get("shared_b").toFloatArray());
            assertEquals(0, sd.get("scalar").getShape().dimension());
            assertEquals(0, sd.get("net.1.num_batches_tracked").getShape().dimension());
            assertEquals(1L, sd.get("net.1.num_batches_tracked").getLong());
        }
    }

    private static float[] slice(float[] values, int n) {
        float[] out = new float[n];
        System.arraycopy(values, 0, out, 0, n);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nested_zip.pth", "nested_legacy.pth"})
    void findsTheOneStateDictNestedInACheckpoint(String file) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> sd = TorchWeights.read(TorchFiles.dir().resolve(file), manager);
            assertMatches(TorchFiles.expected().getAsJsonObject("small"), sd);
        }
    }

    @Test
    void readsTheNamedOneOfSeveralStateDicts() throws Exception {
        Path file = TorchFiles.dir().resolve("two_state_dicts.pth");
        try (NDManager manager = NDManager.newBaseManager()) {
            assertMatches(TorchFiles.expected().getAsJsonObject("small"), TorchWeights.read(file, manager, "ema"));
            var ambiguous = assertThrows(IllegalArgumentException.class, () -> TorchWeights.read(file, manager));
            assertTrue(ambiguous.getMessage().contains("[model, ema]"), ambiguous.getMessage());
            var missing = assertThrows(IllegalArgumentException.class,
                    () -> TorchWeights.read(file, manager, "state_dict"));
            assertTrue(missing.getMessage().contains("no key 'state_dict'"), missing.getMessage());
            var notTensors = assertThrows(IllegalArgumentException.class, () -> TorchWeights.read(
                    TorchFiles.dir().resolve("nested_zip.pth"), manager, "optimizer"));
            assertTrue(notTensors.getMessage().contains("'optimizer' is not a dict of tensors"),
                    notTensors.getMessage());
        }
    }

    @Test
    void readsNpzAndSafetensorsByContentThroughDjl() throws Exception {
        Path dir = TorchFiles.dir();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertMatches(TorchFiles.expected().getAsJsonObject("arrays"),
                    TorchWeights.read(dir.resolve("arrays.npz"), manager));
            // chosen by content: the same bytes under a misleading name
            Path renamed = Files.copy(dir.resolve("external.safetensors"), dir.resolve("external-renamed.pth"));
            assertMatches(TorchFiles.expected().getAsJsonObject("external"), TorchWeights.read(renamed, manager));
        }
    }

    @Test
    void writesSafetensorsThatTorchLoadsIntoTheModule(@TempDir Path out) throws Exception {
        Path reference = TorchFiles.dir().resolve("every_dtype_zip.pth");
        Path written = out.resolve("every_dtype.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            LinkedHashMap<String, NDArray> sd = TorchWeights.read(reference, manager);
            TorchWeights.writeSafetensors(sd, written);
            String report = TorchFiles.check(TorchFiles.dir(), written, reference);
            assertTrue(report.contains("ok: " + sd.size() + " tensors equal"), report);

            // and back into Java, in the same order
            assertMatches(TorchFiles.expected().getAsJsonObject("every_dtype"), TorchWeights.read(written, manager));
        }
    }

    @Test
    void djlDecodeTakesATorchZipForNpz() throws Exception {
        // DJL 0.35.1 pinned: NDList.decode sees "PK" and reads a .pth as npz; TorchWeights looks inside the zip
        byte[] pth = Files.readAllBytes(TorchFiles.dir().resolve("every_dtype_zip.pth"));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> NDList.decode(manager, new ByteArrayInputStream(pth)));
        }
    }

    @Test
    void refusesBadNamesAndTypesWhenWriting(@TempDir Path out) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> bad = new LinkedHashMap<>();
            bad.put("", manager.ones(new ai.djl.ndarray.types.Shape(2)));
            var empty = assertThrows(IllegalArgumentException.class,
                    () -> TorchWeights.writeSafetensors(bad, out.resolve("x.safetensors")));
            assertTrue(empty.getMessage().contains("non-empty"), empty.getMessage());
            assertEquals(0, Files.list(out).count(), "no file, not even a temporary one, is left behind");
        }
    }
}
