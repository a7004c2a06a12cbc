package dev.classicnets.common.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.classicnets.common.transfer.StateDictMapping.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * PyTorch state dicts (key to tensor, e.g. torchvision's pretrained weights as read from their
 * files) loaded into our networks, and our networks' parameters written as one, by a {@link
 * StateDictMapping}.
 *
 * <p>{@link #loadStrict} is PyTorch's {@code load_state_dict(strict=True)}: every parameter of ours
 * and every key of the file must pair up with the same shape, or nothing is loaded. {@link
 * #loadNonStrict} loads the pairs that fit and reports the rest, for a network that differs on
 * purpose (a new head for another class count). Batch norm's {@code num_batches_tracked} counters
 * are ignored when loading (DJL keeps none; they only matter for {@code momentum=None}).
 */
public final class StateDict {
    private StateDict() {}

    /** How many problems an exception message lists before it counts the rest. */
    private static final int LISTED_PROBLEMS = 8;

    /**
     * What a load did.
     *
     * @param loaded state-dict keys whose values were copied into our parameters
     * @param missing keys our network needs that the state dict lacks
     * @param unexpected keys of the state dict our network has no parameter for
     * @param mismatched keys on both sides with different shapes (or a non-floating type), not loaded
     * @param problems one sentence for each missing, unexpected or mismatched key
     */
    public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
            List<String> mismatched, List<String> problems) {

        /** True when every parameter of ours was loaded and every key of the state dict used. */
        public boolean complete() {
            return problems.isEmpty();
        }

        /** Our parameters that kept their values: missing plus mismatched keys. */
        public List<String> leftOut() {
            List<String> keys = new ArrayList<>(missing);
            keys.addAll(mismatched);
            return keys;
        }
    }

    /**
     * Copies every tensor of {@code stateDict} into the parameter {@code mapping} pairs it with.
     *
     * @throws IllegalArgumentException naming each missing, unexpected or wrongly shaped key (and
     *     both shapes), before anything is copied
     * @throws IllegalStateException if the network's parameters are not initialised
     */
    public static LoadReport loadStrict(StateDictMapping mapping, Map<String, NDArray> stateDict) {
        LoadReport check = check(mapping, stateDict);
        if (!check.complete()) {
            List<String> p = check.problems();
            String listed = String.join("; ", p.subList(0, Math.min(LISTED_PROBLEMS, p.size())));
            String more = p.size() > LISTED_PROBLEMS ? "; and " + (p.size() - LISTED_PROBLEMS) + " more" : "";
            throw new IllegalArgumentException("the state dict does not fit " + mapping.description() + " ("
                    + p.size() + " problem" + (p.size() == 1 ? "" : "s") + "): " + listed + more);
        }
        copy(mapping, stateDict, check.loaded());
        return check;
    }

    /**
     * Copies the tensors of {@code stateDict} that have a parameter of the same shape; every other
     * parameter keeps its value and every other key is left unused, both listed in the report.
     *
     * @throws IllegalStateException if the network's parameters are not initialised
     */
    public static LoadReport loadNonStrict(StateDictMapping mapping, Map<String, NDArray> stateDict) {
        LoadReport check = check(mapping, stateDict);
        copy(mapping, stateDict, check.loaded());
        return check;
    }

    /**
     * Our parameters as a state dict, in our parameters' order, with a batch norm's {@code
     * num_batches_tracked} (a 0-dimensional int64 zero) after its {@code running_var}. The arrays are copies in {@code
     * manager}, each named by its key, so {@code new NDList(map.values()).encode(...)} writes them.
     *
     * @throws IllegalStateException if the network's parameters are not initialised
     */
    public static Map<String, NDArray> export(StateDictMapping mapping, NDManager manager) {
        Set<String> counters = new HashSet<>(mapping.batchCounterKeys());
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Entry e : mapping.entries()) {
            NDArray copy;
            try (NDArray detached = value(mapping, e).stopGradient()) {
                copy = detached.duplicate();
            }
            copy.attach(manager);
            copy.setName(e.key());
            out.put(e.key(), copy);
            String counter = counterBeside(e.key());
            if (counter != null && counters.contains(counter)) {
                NDArray zero = manager.create(0L);
                zero.setName(counter);
                out.put(counter, zero);
            }
        }
        return out;
    }

    /**
     * The arrays of {@code list} by name, as {@code NDList.decode} returns an npz or safetensors
     * file.
     *
     * @throws IllegalArgumentException if an array has no name or two share one
     */
    public static Map<String, NDArray> byName(NDList list) {
        Map<String, NDArray> map = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).getName();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("array " + i + " of " + list.size()
                        + " has no name; a state dict names every tensor");
            }
            if (map.put(name, list.get(i)) != null) {
                throw new IllegalArgumentException("two arrays are named " + name + "; state-dict keys are unique");
            }
        }
        return map;
    }

    /** Pairs keys with parameters and checks shapes and types; copies nothing. */
    private static LoadReport check(StateDictMapping mapping, Map<String, NDArray> stateDict) {
        Objects.requireNonNull(stateDict, "stateDict");
        Set<String> counters = new HashSet<>(mapping.batchCounterKeys());
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Entry e : mapping.entries()) {
            NDArray ours = value(mapping, e);
            NDArray theirs = stateDict.get(e.key());
            if (theirs == null) {
                missing.add(e.key());
                problems.add("key " + e.key() + " is missing from the state dict (our " + e.parameterName()
                        + " has shape " + ours.getShape() + ")");
            } else if (!theirs.getDataType().isFloating()) {
                mismatched.add(e.key());
                problems.add("key " + e.key() + " holds " + theirs.getDataType() + " values of shape "
                        + theirs.getShape() + ", expected floating point for our " + e.parameterName());
            } else if (!theirs.getShape().equals(ours.getShape())) {
                mismatched.add(e.key());
                problems.add("key " + e.key() + " has shape " + theirs.getShape() + " in the state dict but "
                        + ours.getShape() + " in our " + e.parameterName());
            } else {
                loaded.add(e.key());
            }
        }
        for (Map.Entry<String, NDArray> kv : stateDict.entrySet()) {
            String key = kv.getKey();
            if (mapping.byKey(key) == null && !counters.contains(key)) {
                unexpected.add(key);
                problems.add("key " + key + " (shape " + kv.getValue().getShape() + ") of the state dict has no"
                        + " counterpart in " + mapping.description());
            }
        }
        return new LoadReport(List.copyOf(loaded), List.copyOf(missing), List.copyOf(unexpected),
                List.copyOf(mismatched), List.copyOf(problems));
    }

    private static void copy(StateDictMapping mapping, Map<String, NDArray> stateDict, List<String> keys) {
        for (String key : keys) {
            NDArray target = value(mapping, mapping.byKey(key));
            NDArray source = stateDict.get(key);
            DataType type = target.getDataType();
            if (source.getDataType() == type) {
                source.copyTo(target);
            } else {
                try (NDArray converted = source.toType(type, true)) {
                    converted.copyTo(target);
                }
            }
        }
    }

    private static NDArray value(StateDictMapping mapping, Entry e) {
        if (!e.parameter().isInitialized()) {
            throw new IllegalStateException("parameter " + e.parameterName() + " of " + mapping.description()
                    + " is not initialised; initialise the network with its input shape before loading or exporting");
        }
        return e.parameter().getArray();
    }

    /** {@code bn1.num_batches_tracked} for {@code bn1.running_var}, else null. */
    private static String counterBeside(String key) {
        String leaf = "running_var";
        if (!key.endsWith(leaf)) {
            return null;
        }
        String prefix = key.substring(0, key.length() - leaf.length());
        return prefix.isEmpty() || prefix.endsWith(".") ? prefix + TorchParameterNames.BATCH_COUNTER : null;
    }
}
