package dev.classicnets.common.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the bytes. Read here rather than by DJL's {@code NDList.decode}, which aborts the
 * JVM on a bfloat16 tensor (DJL 0.35.1's PyTorch engine cannot create one), holds offsets in ints (files up to
 * 2 GiB) and trusts the header's ranges; this one checks every range, widens bfloat16 like the torch formats,
 * and keeps the header's order.
 */
final class SafetensorsFormat implements TorchCheckpoint {

    private static final long MAX_HEADER = 100L << 20; // the safetensors library's own limit

    private final FileChannel channel;
    private final String source;
    private final Map<String, TensorRef> tensors = new LinkedHashMap<>();
    private final Map<String, Long> starts = new HashMap<>();

    private SafetensorsFormat(Path file, FileChannel channel) throws IOException {
        this.channel = channel;
        this.source = file.toString();
        long size = channel.size();
        long headerLength = read(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw new IllegalArgumentException(source + " declares a safetensors header of " + headerLength
                    + " bytes in a file of " + size + " (truncated or corrupt)");
        }
        JsonObject header;
        try {
            String text = StandardCharsets.UTF_8.decode(read(8, (int) headerLength)).toString();
            header = JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(source + " has a safetensors header that is not a JSON object", e);
        }
        long dataStart = 8 + headerLength;
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                add(e.getKey(), e.getValue(), dataStart, size - dataStart);
            }
        }
    }

    /** Opens {@code file} and reads its header; tensors are read later, one at a time. */
    static SafetensorsFormat open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SafetensorsFormat(file, channel);
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    private void add(String name, JsonElement value, long dataStart, long dataSize) {
        try {
            JsonObject info = value.getAsJsonObject();
            String code = info.get("dtype").getAsString();
            TorchDtype dtype = TorchDtype.ofSafetensors(code).orElseThrow(() -> new IllegalArgumentException(
                    source + ": tensor '" + name + "' has dtype " + code + ", which this reader does not support"));
            JsonArray dims = info.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long[] stride = new long[dims.size()];
            long step = 1;
            for (int d = dims.size() - 1; d >= 0; d--) { // row-major strides
                shape[d] = dims.get(d).getAsLong();
                stride[d] = step;
                step = Math.multiplyExact(step, Math.max(shape[d], 1));
            }
            JsonArray offsets = info.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            long numel = 1;
            for (long n : shape) {
                numel = Math.multiplyExact(numel, n);
            }
            if (offsets.size() != 2 || begin < 0 || end > dataSize || end - begin != numel * dtype.size()) {
                throw new IllegalArgumentException(source + ": tensor '" + name + "' of shape "
                        + Arrays.toString(shape) + " has bytes " + begin + ".." + end + " in a data section of "
                        + dataSize + " (truncated or corrupt)");
            }
            StorageRef storage = new StorageRef(name, dtype, 0, numel);
            tensors.put(name, new TensorRef(storage, dtype, 0, shape, stride));
            starts.put(name, dataStart + begin);
        } catch (IllegalStateException | NullPointerException | IndexOutOfBoundsException | ClassCastException
                | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(source + ": the safetensors header entry of tensor '" + name
                    + "' lacks a dtype, shape or pair of data_offsets (corrupt)", e);
        }
    }

    private ByteBuffer read(long at, int n) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(n);
        while (out.hasRemaining()) {
            if (channel.read(out, at + out.position()) < 0) {
                throw new IllegalArgumentException(source + " ends at byte " + (at + out.position())
                        + ", before the " + n + " bytes it declares (truncated)");
            }
        }
        return out.flip();
    }

    @Override
    public Object root() {
        return tensors;
    }

    @Override
    public byte[] storageBytes(String key) throws IOException {
        TensorRef t = tensors.get(key);
        long bytes = t.numel() * t.dtype().size();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(source + ": tensor '" + key + "' has " + bytes
                    + " bytes, more than this reader holds at once (2 GiB)");
        }
        return read(starts.get(key), (int) bytes).array();
    }

    @Override
    public boolean bigEndian() {
        return false;
    }

    @Override
    public String format() {
        return "safetensors format";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
