package dev.classicnets.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.classicnets.common.io.AtomicFiles;
import dev.classicnets.common.nn.ChannelsLast;
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
import java.util.Set;
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
 * <p>{@link TrainingLoop} writes {@value #LAST} after every epoch and {@value #BEST} after each
 * epoch that is the best so far, and resumes from {@value #LAST} ({@code optResume(true)}). A task's
 * networks are kept apart by name (a GAN's generator and discriminator, each with its optimizer).
 * {@link #loadParameters} puts a checkpoint's weights into a network of the same architecture, e.g. to
 * fine-tune from the best epoch.
 */
public final class Checkpoint {

    /** The checkpoint after the latest finished epoch. */
    public static final String LAST = "last.ckpt";
    /** The checkpoint of the best epoch so far, by the loop's monitor (the task's, e.g. validation accuracy). */
    public static final String BEST = "best.ckpt";

    private static final String STATE = "state.json";
    private static final String PARAMETERS = "parameters/%s.ndlist";
    private static final String OPTIMIZER = "optimizer/%s.ndlist";
    private static final String LISTENER = "listener-%d.ndlist";
    // format 1 (one network, before the loop took tasks): its parameters and optimizer at the top
    private static final String SINGLE_PARAMETERS = "parameters.ndlist";
    private static final String SINGLE_OPTIMIZER = "optimizer.ndlist";

    private final Path file;
    private final Map<String, Object> state;
    private final Map<String, Map<String, NDArray>> parameters;
    private final Map<String, Map<String, NDArray>> optimizers;
    private final List<Map<String, NDArray>> listeners;

    private Checkpoint(Path file, Map<String, Object> state, Map<String, Map<String, NDArray>> parameters,
            Map<String, Map<String, NDArray>> optimizers, List<Map<String, NDArray>> listeners) {
        this.file = file;
        this.state = state;
        this.parameters = parameters;
        this.optimizers = optimizers;
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

    /** The names of the networks it holds, in the task's order. */
    public Set<String> networks() {
        return parameters.keySet();
    }

    /** The parameters of network {@code network} by their name in its block. */
    public Map<String, NDArray> parameters(String network) {
        return section(parameters, network);
    }

    /** The state of network {@code network}'s optimizer, as {@code OptimizerState.export} names it. */
    public Map<String, NDArray> optimizer(String network) {
        return optimizers.containsKey(network) ? optimizers.get(network) : Map.of();
    }

    private Map<String, NDArray> section(Map<String, Map<String, NDArray>> sections, String network) {
        Map<String, NDArray> arrays = sections.get(network);
        if (arrays == null) {
            throw new IllegalArgumentException("checkpoint " + file + " has no network '" + network + "'; it has "
                    + String.join(", ", parameters.keySet()));
        }
        return arrays;
    }

    /** The arrays of the {@code i}-th listener (empty if it had none). */
    public Map<String, NDArray> listenerArrays(int i) {
        return i < listeners.size() ? listeners.get(i) : Map.of();
    }

    /**
     * Writes a checkpoint atomically: into a temporary file beside {@code file}, then renamed onto it.
     *
     * @param state JSON-able values (numbers, strings, booleans, lists and maps of them)
     * @param networks the networks whose parameters are saved, by name
     * @param optimizers each network's optimizer state arrays, by the network's name
     * @param listeners each listener's state arrays, in the loop's order
     */
    public static void write(Path file, Map<String, Object> state, Map<String, Block> networks,
            Map<String, Map<String, NDArray>> optimizers, List<Map<String, NDArray>> listeners) {
        Map<String, Object> withNetworks = new LinkedHashMap<>(state);
        withNetworks.put("format", 2);
        withNetworks.put("networks", List.copyOf(networks.keySet()));
        Path tmp = AtomicFiles.temporaryFor(file);
        boolean moved = false;
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                entry(zip, STATE, RunDirectory.gson().toJson(withNetworks).getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, Block> n : networks.entrySet()) {
                    Map<String, NDArray> parameters = new LinkedHashMap<>();
                    for (Pair<String, Parameter> p : n.getValue().getParameters()) {
                        parameters.put(p.getKey(), p.getValue().getArray());
                    }
                    entry(zip, String.format(PARAMETERS, n.getKey()), encode(parameters));
                    entry(zip, String.format(OPTIMIZER, n.getKey()), encode(optimizers.getOrDefault(n.getKey(),
                            Map.of())));
                }
                for (int i = 0; i < listeners.size(); i++) {
                    entry(zip, String.format(LISTENER, i), encode(listeners.get(i)));
                }
            }
            AtomicFiles.moveIntoPlace(tmp, file);
            moved = true;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        } finally {
            if (!moved) {
                AtomicFiles.deleteQuietly(tmp); // whatever stopped the write (an Error too), no .tmp stays behind
            }
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
        if (!entries.containsKey(STATE)) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": it has no " + STATE
                    + " (not a checkpoint, or cut short)");
        }
        Map<String, Object> state = RunDirectory.gson().fromJson(new String(entries.get(STATE),
                StandardCharsets.UTF_8), new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        Map<String, Map<String, NDArray>> parameters = new LinkedHashMap<>();
        Map<String, Map<String, NDArray>> optimizers = new LinkedHashMap<>();
        for (String network : networkNames(state)) {
            boolean single = !state.containsKey("networks");
            String p = single ? SINGLE_PARAMETERS : String.format(PARAMETERS, network);
            if (!entries.containsKey(p)) {
                throw new IllegalArgumentException("cannot read checkpoint " + file + ": it has no " + p
                        + " (cut short?)");
            }
            parameters.put(network, decode(manager, entries.get(p)));
            String o = single ? SINGLE_OPTIMIZER : String.format(OPTIMIZER, network);
            optimizers.put(network, decode(manager, entries.getOrDefault(o, new byte[0])));
        }
        List<Map<String, NDArray>> listeners = new ArrayList<>();
        for (int i = 0; entries.containsKey(String.format(LISTENER, i)); i++) {
            listeners.add(decode(manager, entries.get(String.format(LISTENER, i))));
        }
        return new Checkpoint(file, state, parameters, optimizers, listeners);
    }

    @SuppressWarnings("unchecked")
    private static List<String> networkNames(Map<String, Object> state) {
        Object names = state.get("networks");
        return names == null ? List.of(String.valueOf(state.get("name"))) : (List<String>) names;
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

    /** {@link #copyParametersInto(String, Block)} from a checkpoint of one network. */
    public void copyParametersInto(Block block) {
        if (parameters.size() != 1) {
            throw new IllegalArgumentException("checkpoint " + file + " holds " + parameters.size() + " networks ("
                    + String.join(", ", parameters.keySet()) + "); name the one to load");
        }
        copyParametersInto(parameters.keySet().iterator().next(), block);
    }

    /**
     * Copies the parameters of network {@code network} into {@code block}'s (initialised) parameters, in place.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape, naming it
     */
    public void copyParametersInto(String network, Block block) {
        Map<String, NDArray> parameters = parameters(network);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray saved = parameters.get(p.getKey());
            NDArray target = p.getValue().getArray();
            if (saved == null || !saved.getShape().equals(target.getShape())) {
                throw new IllegalArgumentException("the checkpoint does not fit this network: parameter "
                        + p.getKey() + " " + target.getShape() + " is " + (saved == null ? "missing"
                                : "saved as " + saved.getShape()) + " (another architecture or size?)");
            }
            ChannelsLast.set(target, saved.toType(target.getDataType(), false).toByteBuffer());
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
