package dev.classicnets.common.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes named arrays as a safetensors file: an 8-byte little-endian header length, a JSON header giving each
 * tensor's dtype, shape and byte range, then the tensors' bytes back to back. DJL's {@code NDList.encode(...,
 * SAFETENSORS)} also writes names, but puts the header in hash order (the file loses the map's order), has no
 * int16, does not pad the header to 8 bytes as the safetensors library does, and writes a broken file for two
 * arrays of the same name; this writer keeps the order, pads, and refuses bad names.
 */
final class SafetensorsWriter {

    private static final Map<DataType, String> DTYPES = Map.ofEntries(Map.entry(DataType.FLOAT32, "F32"),
            Map.entry(DataType.FLOAT16, "F16"), Map.entry(DataType.BFLOAT16, "BF16"),
            Map.entry(DataType.FLOAT64, "F64"), Map.entry(DataType.INT64, "I64"), Map.entry(DataType.INT32, "I32"),
            Map.entry(DataType.INT16, "I16"), Map.entry(DataType.INT8, "I8"), Map.entry(DataType.UINT8, "U8"),
            Map.entry(DataType.UINT16, "U16"), Map.entry(DataType.UINT32, "U32"), Map.entry(DataType.UINT64, "U64"),
            Map.entry(DataType.BOOLEAN, "BOOL"));

    private SafetensorsWriter() {}

    /** Writes {@code weights} to {@code file} through a temporary file, so a failed write leaves no half file. */
    static void write(Map<String, NDArray> weights, Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt")); // what safetensors.torch.save_file writes
        long offset = 0;
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            String name = e.getKey();
            NDArray array = e.getValue();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("a safetensors tensor name must be a non-empty string other than "
                        + "__metadata__, got " + (name == null ? "null" : "'" + name + "'"));
            }
            if (array == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            String dtype = DTYPES.get(array.getDataType());
            if (dtype == null) {
                throw new IllegalArgumentException("tensor '" + name + "' has data type " + array.getDataType()
                        + ", which safetensors does not have; expected one of " + DTYPES.keySet());
            }
            long bytes = array.size() * array.getDataType().getNumOfBytes();
            header.put(name, Map.of("dtype", dtype, "shape", array.getShape().getShape(),
                    "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // spaces after the JSON, so the data starts 8-byte aligned
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        Path parent = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(headerBytes);
                for (NDArray array : weights.values()) {
                    out.write(littleEndianBytes(array));
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] littleEndianBytes(NDArray array) {
        byte[] bytes = array.toByteArray(); // row-major, native order
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            int es = array.getDataType().getNumOfBytes();
            for (int i = 0; i < bytes.length; i += es) {
                for (int a = i, b = i + es - 1; a < b; a++, b--) {
                    byte t = bytes[a];
                    bytes[a] = bytes[b];
                    bytes[b] = t;
                }
            }
        }
        return bytes;
    }
}
