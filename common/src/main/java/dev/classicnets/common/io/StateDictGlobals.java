package dev.classicnets.common.io;

import dev.classicnets.common.io.PickleReader.Global;
import dev.classicnets.common.io.PickleReader.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a state-dict pickle may name and call, as {@code torch.load(weights_only=True)} allows it, narrowed to
 * plain tensors: the tensor and parameter rebuild functions of {@code torch._utils}, {@code
 * collections.OrderedDict}, {@code torch.Size}, the typed storage classes and dtypes. Calls become {@link
 * TensorRef}s and {@link LinkedHashMap}s; any other global is refused when it is named, before anything could
 * call it. It also collects the storages the pickle's persistent ids name, which the legacy format needs to
 * find their bytes.
 */
final class StateDictGlobals implements PickleReader.Handler {

    /** A storage class named by the pickle; {@code dtype} is null for {@code UntypedStorage}. */
    record StorageType(TorchDtype dtype) {}

    private static final Set<String> FUNCTIONS = Set.of("collections.OrderedDict", "torch.Size",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state");

    private final String source;
    /** Root storages by key, in the order the pickle first names them: whole length and element type. */
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    StateDictGlobals(String source) {
        this.source = source;
    }

    /** The root storages the pickle named, by key. */
    Map<String, StorageRef> storages() {
        return storages;
    }

    @Override
    public Object global(String module, String name) {
        String full = module + "." + name;
        if (FUNCTIONS.contains(full)) {
            return new Global(module, name);
        }
        if (module.equals("torch") || module.equals("torch.storage")) {
            if (name.equals("UntypedStorage")) {
                return new StorageType(null);
            }
            if (TorchDtype.UNSUPPORTED_STORAGES.contains(name)) {
                throw new IllegalArgumentException(source + " holds tensors of type torch." + name
                        + ", which this reader does not support (only real and integer dtypes)");
            }
            var typed = TorchDtype.ofStorage(name).map(StorageType::new);
            if (typed.isPresent()) {
                return typed.get();
            }
            var dtype = TorchDtype.ofName(name);
            if (dtype.isPresent() && module.equals("torch")) {
                return dtype.get();
            }
        }
        throw new IllegalArgumentException(source + " names the Python global " + full
                + ", which a state dict never needs, so it is refused (nothing in the file is run)");
    }

    @Override
    public Object call(Object callable, Tuple args) {
        if (!(callable instanceof Global global)) {
            throw refuse("calls " + describe(callable) + ", which is not a function");
        }
        int n = args.size();
        switch (global.toString()) {
            case "collections.OrderedDict" -> {
                if (n == 0) {
                    return new LinkedHashMap<>();
                }
            }
            case "torch.Size" -> {
                if (n == 1 && args.get(0) instanceof Tuple dims) {
                    return dims;
                }
            }
            case "torch._utils._rebuild_tensor" -> {
                if (n == 4) {
                    return tensor(args, null);
                }
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (n == 6 || n == 7) {
                    return tensor(args, null);
                }
            }
            case "torch._utils._rebuild_tensor_v3" -> {
                if ((n == 7 || n == 8) && args.get(6) instanceof TorchDtype dtype) {
                    return tensor(args, dtype);
                }
            }
            case "torch._utils._rebuild_parameter" , "torch._utils._rebuild_parameter_with_state" -> {
                if ((n == 3 || n == 4) && args.get(0) instanceof TensorRef data) {
                    return data; // a Parameter's data; requires_grad and hooks mean nothing here
                }
            }
            default -> { }
        }
        throw refuse("calls " + global + " with " + n + " arguments of unexpected types");
    }

    @Override
    public Object build(Object target, Object state) {
        if (target instanceof Map || target instanceof TensorRef) {
            return target; // an OrderedDict's _metadata or a tensor's Python attributes: not weights
        }
        throw refuse("sets the state of a " + describe(target) + ", which no state dict holds");
    }

    @Override
    public Object persistentLoad(Object pid) {
        // zip format: ('storage', type, key, location, numel); legacy: the same plus view_metadata
        if (!(pid instanceof Tuple t) || (t.size() != 5 && t.size() != 6) || !"storage".equals(t.get(0))) {
            throw refuse("refers to " + describe(pid) + " instead of a storage of tensor data");
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw refuse("gives a storage the type " + describe(t.get(1)) + " instead of a torch storage class");
        }
        Object key = t.get(2);
        if (!(key instanceof String || key instanceof Long)) {
            throw refuse("gives a storage the key " + describe(key) + " instead of a string");
        }
        long numel = count(t.get(4), "storage size");
        StorageRef root = new StorageRef(key.toString(), type.dtype(), 0, numel);
        StorageRef known = storages.putIfAbsent(root.key(), root);
        if (known != null && !known.equals(root)) {
            throw refuse("names storage '" + root.key() + "' twice with different types or sizes");
        }
        if (t.size() == 6 && t.get(5) != null) { // legacy storage view: (view_key, offset, view_size)
            if (!(t.get(5) instanceof Tuple view) || view.size() != 3) {
                throw refuse("gives storage '" + root.key() + "' the view " + describe(t.get(5)));
            }
            long start = count(view.get(1), "storage view offset");
            long length = count(view.get(2), "storage view size");
            if (start + length > numel) {
                throw refuse("views elements " + start + ".." + (start + length) + " of storage '" + root.key()
                        + "', which holds " + numel);
            }
            return new StorageRef(root.key(), root.dtype(), start, length);
        }
        return root;
    }

    private TensorRef tensor(Tuple args, TorchDtype explicit) {
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw refuse("rebuilds a tensor from " + describe(args.get(0)) + " instead of a storage");
        }
        TorchDtype dtype = explicit != null ? explicit : storage.dtype();
        if (dtype == null) {
            throw refuse("rebuilds a tensor from untyped storage '" + storage.key() + "' without a dtype");
        }
        long offset = count(args.get(1), "storage offset");
        long[] size = counts(args.get(2), "size");
        long[] stride = counts(args.get(3), "stride");
        if (size.length != stride.length) {
            throw refuse("gives a tensor " + size.length + " sizes but " + stride.length + " strides");
        }
        TensorRef tensor = new TensorRef(storage, dtype, offset, size, stride);
        try {
            long last = offset; // the last element the tensor reads, in elements of dtype
            for (int d = 0; d < size.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(Math.max(size[d] - 1, 0), stride[d]));
            }
            long available = storage.length() * storage.elementSize() / dtype.size();
            if (tensor.numel() > 0 && last >= available) {
                throw refuse("has a " + tensor + " that reads element " + last + " of " + available);
            }
        } catch (ArithmeticException e) {
            throw refuse("has a " + tensor + " whose sizes and strides overflow");
        }
        return tensor;
    }

    private long[] counts(Object value, String what) {
        if (!(value instanceof Tuple tuple)) {
            throw refuse("gives a tensor the " + what + " " + describe(value) + " instead of a tuple");
        }
        long[] out = new long[tuple.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = count(tuple.get(i), what);
        }
        return out;
    }

    private long count(Object value, String what) {
        if (!(value instanceof Long n) || n < 0) {
            throw refuse("gives the " + what + " " + describe(value) + " instead of a count");
        }
        return n;
    }

    private static String describe(Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Global) {
            return "'" + value + "'";
        }
        return "a " + PickleReader.typeName(value);
    }

    private IllegalArgumentException refuse(String what) {
        return new IllegalArgumentException(source + " is not a plain state dict: its pickle " + what);
    }
}
