package dev.classicnets.common.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the state dict in what a checkpoint file holds: the saved object itself when it is a dict of
 * tensors, else the one dict of tensors among its values (published checkpoints often save {@code
 * {"model": sd, "optimizer": ..., "epoch": n}} or {@code {"state_dict": sd}}), or the value of a given key.
 */
final class StateDictLocator {

    /** The tensors of the state dict by name, and where in the file they were, for the log. */
    record Found(Map<String, TensorRef> tensors, String where) {}

    private StateDictLocator() {}

    static Found locate(Object root, String key, String source) {
        if (key != null) {
            if (!(root instanceof Map<?, ?> dict)) {
                throw new IllegalArgumentException(source + " holds a " + PickleReader.typeName(root)
                        + ", not a dict, so it has no key '" + key + "'");
            }
            if (!dict.containsKey(key)) {
                throw new IllegalArgumentException(source + " has no key '" + key + "'; its keys are "
                        + dict.keySet());
            }
            Map<String, TensorRef> tensors = tensors(dict.get(key));
            if (tensors == null) {
                throw new IllegalArgumentException(source + ": the value of key '" + key + "' is not a dict of "
                        + "tensors with string keys");
            }
            return new Found(tensors, " under key '" + key + "'");
        }
        Map<String, TensorRef> tensors = tensors(root);
        if (tensors != null) {
            return new Found(tensors, "");
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new IllegalArgumentException(source + " holds a " + PickleReader.typeName(root)
                    + ", not a state dict (a dict of tensors)");
        }
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            Map<String, TensorRef> nested = tensors(e.getValue());
            if (nested != null && !nested.isEmpty()) {
                candidates.add(String.valueOf(e.getKey()));
            }
        }
        if (candidates.size() == 1) {
            String found = candidates.get(0);
            return new Found(tensors(dict.get(found)), " under key '" + found + "' (the only dict of tensors in it)");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(source + " holds a dict with keys " + dict.keySet()
                    + ", but neither it nor any of its values is a dict of tensors");
        }
        throw new IllegalArgumentException(source + " holds dicts of tensors under keys " + candidates
                + "; name the one to read");
    }

    /** {@code value} as a dict of tensors by string key, or null if it is anything else. */
    private static Map<String, TensorRef> tensors(Object value) {
        if (!(value instanceof Map<?, ?> dict)) {
            return null;
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof TensorRef tensor)) {
                return null;
            }
            out.put(name, tensor);
        }
        return out;
    }
}
