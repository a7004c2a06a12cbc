package dev.classicnets.common.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the weights of a PyTorch model into named DJL arrays, as {@code torch.load(file, weights_only=True)}
 * followed by {@code load_state_dict} sees them. DJL's PyTorch engine loads only TorchScript, and {@link
 * NDList#decode} takes a {@code .pth} zip for an npz, so this reads the {@code torch.save} formats itself:
 *
 * <ul>
 *   <li>the zip format of PyTorch 1.6 and later ({@code <folder>/data.pkl} and {@code <folder>/data/<key>});
 *   <li>the legacy format ({@code _use_new_zipfile_serialization=False}, PyTorch before 1.6);
 *   <li>{@code .safetensors} (read here: DJL's reader aborts the JVM on bfloat16) and {@code .npz} (through
 *       DJL's {@link NDList#decode}, after checking that the engine can hold its types), names kept.
 * </ul>
 *
 * <p>The format is chosen by the file's first bytes, not its name. Element types float32, float16, bfloat16,
 * float64, int64, int32, int8, uint8 and bool keep their type; bfloat16 and int16, which DJL's PyTorch engine
 * cannot hold, are widened without loss to float32 and int32; views (transposed, sliced, storages
 * shared between tensors) come out as the values torch shows; 0-d tensors have an empty shape.
 *
 * <p>A file from outside is untrusted: its pickle is read by a restricted reader that knows only the opcodes
 * of protocol 2 and accepts only the globals a state dict needs (tensor rebuild functions, storage types,
 * {@code OrderedDict}, {@code torch.Size}). Any other global, e.g. {@code os.system}, is refused with an
 * {@link IllegalArgumentException} naming it and the file; nothing in the file is ever run. Truncated and
 * corrupt files also end in one {@code IllegalArgumentException} naming the file.
 */
public final class TorchWeights {

    private static final Logger LOG = LoggerFactory.getLogger(TorchWeights.class);

    private TorchWeights() {}

    /**
     * The state dict in {@code file}, in the file's key order, as arrays of {@code manager} named by their keys.
     * A checkpoint that nests the state dict in a dict (e.g. {@code {"model": sd, "epoch": 3}}) is read from
     * its one nested dict of tensors, and the log says which key it took; with several, name one with {@link
     * #read(Path, NDManager, String)}.
     *
     * @throws IllegalArgumentException if the file is no state dict in a known format, is corrupt, or names
     *     a Python global that a state dict does not need
     * @throws IOException if the file cannot be read
     */
    public static LinkedHashMap<String, NDArray> read(Path file, NDManager manager) throws IOException {
        return read(file, manager, null);
    }

    /**
     * The state dict stored under {@code key} of the dict in {@code file} (e.g. "state_dict" or "model"), or,
     * with a null key, as {@link #read(Path, NDManager)}.
     *
     * @throws IllegalArgumentException if the file has no such key, or as {@link #read(Path, NDManager)}
     * @throws IOException if the file cannot be read
     */
    public static LinkedHashMap<String, NDArray> read(Path file, NDManager manager, String key) throws IOException {
        byte[] head = head(file);
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            boolean torch;
            try (ZipFile zip = TorchZipFormat.openZip(file)) {
                torch = TorchZipFormat.isTorchZip(zip);
            }
            if (torch) {
                try (TorchCheckpoint checkpoint = TorchZipFormat.open(file)) {
                    return materialize(checkpoint, file, manager, key);
                }
            }
            NpzGuard.check(file);
            return decodeWithDjl(file, manager, key, "npz");
        }
        if (TorchLegacyFormat.looksLegacy(head)) {
            try (TorchCheckpoint checkpoint = TorchLegacyFormat.open(file)) {
                return materialize(checkpoint, file, manager, key);
            }
        }
        if (isSafetensors(head, Files.size(file))) {
            if (key != null) {
                throw new IllegalArgumentException("key '" + key + "' selects a nested dict in a torch.save "
                        + "checkpoint, but " + file + " is a flat safetensors file");
            }
            try (TorchCheckpoint checkpoint = SafetensorsFormat.open(file)) {
                return materialize(checkpoint, file, manager, null);
            }
        }
        throw new IllegalArgumentException(file + " is not a PyTorch (zip or legacy), safetensors or npz file: "
                + "it starts with bytes " + hex(head));
    }

    /**
     * Writes {@code weights} as a {@code .safetensors} file with their names as keys, in the map's order, so
     * that torch can load it ({@code safetensors.torch.load_file}, then {@code load_state_dict}). The file is
     * written to a temporary file first and then renamed, so a failed write leaves no broken file.
     *
     * @throws IllegalArgumentException if a name is empty or a data type has no safetensors code
     * @throws IOException if the file cannot be written
     */
    public static void writeSafetensors(Map<String, NDArray> weights, Path file) throws IOException {
        SafetensorsWriter.write(weights, file);
    }

    private static LinkedHashMap<String, NDArray> materialize(
            TorchCheckpoint checkpoint, Path file, NDManager manager, String key) throws IOException {
        StateDictLocator.Found found = StateDictLocator.locate(checkpoint.root(), key, file.toString());
        Map<String, TensorRef> tensors = found.tensors();
        // read each storage once, and drop its bytes after the last tensor that uses it
        Map<String, Integer> lastUse = new HashMap<>();
        int i = 0;
        for (TensorRef t : tensors.values()) {
            lastUse.put(t.storage().key(), i++);
        }
        Map<String, byte[]> loaded = new HashMap<>();
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        i = 0;
        try {
            for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
                TensorRef t = e.getValue();
                String storage = t.storage().key();
                byte[] bytes = loaded.get(storage);
                if (bytes == null) {
                    bytes = checkpoint.storageBytes(storage);
                    loaded.put(storage, bytes);
                }
                NDArray array = TensorBytes.toArray(manager, t, bytes, checkpoint.bigEndian(), file.toString());
                array.setName(e.getKey());
                out.put(e.getKey(), array);
                if (lastUse.get(storage) == i++) {
                    loaded.remove(storage);
                }
            }
        } catch (RuntimeException | IOException e) {
            out.values().forEach(NDArray::close); // a file that fails half way leaves nothing in the manager
            throw e;
        }
        long widened = tensors.values().stream().filter(t -> t.dtype().widened()).count();
        LOG.info("{}: {} tensors in {}{}{}", file, tensors.size(), checkpoint.format(), found.where(),
                widened == 0 ? "" : " (" + widened + " bfloat16 or int16 tensors widened to float32 or int32)");
        return out;
    }

    private static LinkedHashMap<String, NDArray> decodeWithDjl(Path file, NDManager manager, String key, String format)
            throws IOException {
        if (key != null) {
            throw new IllegalArgumentException("key '" + key + "' selects a nested dict in a torch.save checkpoint, "
                    + "but " + file + " is a flat " + format + " file");
        }
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a readable " + format + " file (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        }
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            NDArray array = list.get(i);
            String name = array.getName() != null ? array.getName() : "arr_" + i; // numpy's name for unnamed arrays
            if (out.put(name, array) != null) {
                throw new IllegalArgumentException(file + " holds two arrays named '" + name + "'");
            }
            array.setName(name);
        }
        LOG.info("{}: {} arrays in {} format", file, out.size(), format);
        return out;
    }

    /** safetensors: an 8-byte little-endian header length, then a JSON header that starts with '{'. */
    private static boolean isSafetensors(byte[] head, long fileSize) {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength > 0 && headerLength <= fileSize - 8;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return bytes.length == 0 ? "(the file is empty)" : sb.toString();
    }
}
