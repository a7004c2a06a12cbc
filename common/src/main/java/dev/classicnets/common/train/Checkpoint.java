package dev.classicnets.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.reflect.TypeToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Everything needed to continue a training run after its last finished epoch, in one file: the
 * network's parameters (batch-norm statistics included), the optimizer's per-parameter state, the
 * listeners' state (early stopping, the plateau schedule) and the loop's own (epoch, updates, the
 * metrics so far), as a zip of named NDLists and one JSON entry. A file is written next to its target
 * and renamed onto it, so a run killed at any moment leaves the previous checkpoint whole.
 *
 * <p>{@link ClassifierTraining} writes {@value #LAST} after every epoch and {@value #BEST} after each
 * epoch that is the best so far, and resumes from {@value #LAST} ({@code optResume(true)}).
 * {@link #loadParameters} puts a checkpoint's weights into a network of the same architecture, e.g. to
 * fine-tune from the best epoch.
 */
public final class Checkpoint {

    /** The checkpoint after the latest finished epoch. */
    public static final String LAST = "last.ckpt";
    /** The checkpoint of the best epoch so far (validation accuracy, or training loss without validation). */
    public static final String BEST = "best.ckpt";

    private static final String STATE = "state.json";
    private static final String PARAMETERS = "parameters.ndlist";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String LISTENER = "listener-%d.ndlist";

    private final Map<String, Object> state;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> optimizer;
    private final List<Map<String, NDArray>> listeners;

    private Checkpoint(Map<String, Object> state, Map<String, NDArray> parameters, Map<String, NDArray> optimizer,
            List<Map<String, NDArray>> listeners) {
        this.state = state;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.listeners = listeners;
    }

    /** The loop's state: {@code epoch}, {@code updates}, {@code history}, ... (JSON numbers as Double). */
    public Map<String, Object> state() {
        return state;
    }

    /** The epoch the checkpoint was taken after. */
    public int epoch() {
        return ((Number) state.get("epoch")).intValue();
    }

    /** The parameters by their name in the block. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The optimizer's state, as {@code OptimizerState.export} names it. */
    public Map<String, NDArray> optimizer() {
        return optimizer;
    }

    /** The arrays of the {@code i}-th listener (empty if it had none). */
    public Map<String, NDArray> listenerArrays(int i) {
        return i < listeners.size() ? listeners.get(i) : Map.of();
    }

    /**
     * Writes a checkpoint atomically: into a temporary file beside {@code file}, then renamed onto it.
     *
     * @param state JSON-able values (numbers, strings, booleans, lists and maps of them)
     * @param block the network whose parameters are saved
     * @param optimizer the optimizer's state arrays
     * @param listeners each listener's state arrays, in the loop's order
     */
    public static void write(Path file, Map<String, Object> state, Block block, Map<String, NDArray> optimizer,
            List<Map<String, NDArray>> listeners) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.put(p.getKey(), p.getValue().getArray());
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                entry(zip, STATE, RunDirectory.gson().toJson(state).getBytes(StandardCharsets.UTF_8));
                entry(zip, PARAMETERS, encode(parameters));
                entry(zip, OPTIMIZER, encode(optimizer));
                for (int i = 0; i < listeners.size(); i++) {
                    entry(zip, String.format(LISTENER, i), encode(listeners.get(i)));
                }
            }
            RunDirectory.moveIntoPlace(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint; its arrays belong to {@code manager}.
     *
     * @throws IllegalArgumentException if the file is not a whole checkpoint, naming it
     */
    public static Checkpoint read(Path file, NDManager manager) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint at " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + " (" + e.getMessage()
                    + "); it is not a whole checkpoint", e);
        }
        if (!entries.containsKey(STATE) || !entries.containsKey(PARAMETERS)) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": it has no " + STATE + " or "
                    + PARAMETERS + " (not a checkpoint, or cut short)");
        }
        Map<String, Object> state = RunDirectory.gson().fromJson(new String(entries.get(STATE),
                StandardCharsets.UTF_8), new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        List<Map<String, NDArray>> listeners = new ArrayList<>();
        for (int i = 0; entries.containsKey(String.format(LISTENER, i)); i++) {
            listeners.add(decode(manager, entries.get(String.format(LISTENER, i))));
        }
        return new Checkpoint(state, decode(manager, entries.get(PARAMETERS)),
                decode(manager, entries.getOrDefault(OPTIMIZER, new byte[0])), listeners);
    }

    /** Reads only the loop's state (no arrays), e.g. to learn the epoch before building the trainer. */
    public static Map<String, Object> readState(Path file) {
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(STATE)) {
                    return RunDirectory.gson().fromJson(new String(zip.readAllBytes(), StandardCharsets.UTF_8),
                            new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint at " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + " (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException("cannot read checkpoint " + file + ": it has no " + STATE);
    }

    /**
     * Copies this checkpoint's parameters into {@code block}'s (initialised) parameters, in place.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape, naming it
     */
    public void copyParametersInto(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray saved = parameters.get(p.getKey());
            NDArray target = p.getValue().getArray();
            if (saved == null || !saved.getShape().equals(target.getShape())) {
                throw new IllegalArgumentException("the checkpoint does not fit this network: parameter "
                        + p.getKey() + " " + target.getShape() + " is " + (saved == null ? "missing"
                                : "saved as " + saved.getShape()) + " (another architecture or size?)");
            }
            target.set(saved.toType(target.getDataType(), false).toByteBuffer());
        }
        if (parameters.size() != block.getParameters().size()) {
            throw new IllegalArgumentException("the checkpoint does not fit this network: it has "
                    + parameters.size() + " parameters, the network " + block.getParameters().size());
        }
    }

    /**
     * Loads the parameters of checkpoint {@code file} into {@code block}, which must be initialised
     * (e.g. by {@code ModelSummary.of} or a trainer) and have the same architecture.
     */
    public static void loadParameters(Path file, Block block) {
        NDManager manager = block.getParameters().get(0).getValue().getArray().getManager();
        try (NDManager scope = manager.newSubManager()) {
            read(file, scope).copyParametersInto(block);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] encode(Map<String, NDArray> arrays) throws IOException {
        if (arrays.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            // named copies: setting a name on the live array would rename the parameter
            NDArray named = e.getValue().duplicate();
            named.setName(e.getKey());
            list.add(named);
        }
        try {
            list.encode(bytes);
        } finally {
            list.close();
        }
        return bytes.toByteArray();
    }

    private static Map<String, NDArray> decode(NDManager manager, byte[] bytes) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (bytes.length == 0) {
            return out;
        }
        for (NDArray a : NDList.decode(manager, bytes)) {
            out.put(a.getName(), a);
        }
        return out;
    }
}
