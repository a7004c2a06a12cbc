package dev.classicnets.common.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.classicnets.common.nn.ChannelsLast;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-parameter state of an optimizer (momentum buffers, Adagrad's sums, RMSprop's averages,
 * Adam's moments), read out for a checkpoint and put back on resume, with the values and names
 * {@code torch.optim} gives them. Ours ({@link TorchOptimizer}) say what they keep; DJL's optimizers keep
 * it in private fields of type {@code Map<String, Map<Device, NDArray>>} keyed by parameter id and offer
 * no way to save it, so for them this class finds those fields by reflection. {@link TorchAdam} names
 * its moments as DJL's Adam does ({@code means}, {@code variances}, the same quantities), so a checkpoint
 * written with DJL's Adam resumes with ours. A test checks, for every optimizer name, that an optimizer
 * restored this way takes the same next step as the one that was saved.
 *
 * <p>Parameter ids are random per network instance, so the state is keyed by the parameter's name in
 * its block ({@code field/name}); the update count is not part of it: build the resumed optimizer with
 * {@code optBeginNumUpdate(updatesDone)} ({@link OptimizerSettings#build(int)}).
 */
public final class OptimizerState {
    private OptimizerState() {}

    /**
     * The optimizer's state arrays, named {@code <state>/<parameter name>}: the live arrays, not copies
     * (ours keep some state scaled by a
     * constant of the rule; it is brought to torch's values in place first).
     */
    public static Map<String, NDArray> export(Optimizer optimizer, Block block) {
        Map<String, String> nameOfId = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            nameOfId.put(p.getValue().getId(), p.getKey());
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (optimizer instanceof TorchOptimizer ours) {
            for (ParameterStates states : ours.states()) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    ParameterStates.Entry e = states.any(p.getValue().getId());
                    if (e != null) {
                        out.put(states.name + "/" + p.getKey(), e.normalized(ours.scalars()));
                    }
                }
            }
            return out;
        }
        for (Field field : stateFields(optimizer)) {
            for (Map.Entry<String, Map<Device, NDArray>> e : read(field, optimizer).entrySet()) {
                String name = nameOfId.get(e.getKey());
                if (name == null || e.getValue().isEmpty()) {
                    continue; // a parameter of another block
                }
                out.put(field.getName() + "/" + name, e.getValue().values().iterator().next());
            }
        }
        return out;
    }

    /**
     * Puts {@code arrays} (as {@link #export} named them) into a fresh optimizer for {@code block}'s
     * parameters; each is copied to its parameter's device and detached, as the optimizer's own state is.
     *
     * @throws IllegalArgumentException if an array names a field or parameter this optimizer and block
     *     do not have (a checkpoint of another optimizer or network)
     */
    public static void restore(Optimizer optimizer, Block block, Map<String, NDArray> arrays) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        Map<String, Field> fields = new HashMap<>();
        Map<String, ParameterStates> ourStates = new LinkedHashMap<>();
        if (optimizer instanceof TorchOptimizer ours) {
            ours.states().forEach(s -> ourStates.put(s.name, s));
        } else {
            for (Field f : stateFields(optimizer)) {
                fields.put(f.getName(), f);
            }
        }
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            int slash = e.getKey().indexOf('/');
            String state = slash < 0 ? "" : e.getKey().substring(0, slash);
            Parameter parameter = slash < 0 ? null : byName.get(e.getKey().substring(slash + 1));
            if (!(fields.containsKey(state) || ourStates.containsKey(state)) || parameter == null) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' does not fit a "
                        + optimizer.getClass().getSimpleName() + " over this network (states "
                        + (fields.isEmpty() ? ourStates.keySet() : fields.keySet())
                        + "): was the checkpoint written for another optimizer or network?");
            }
            NDArray weight = parameter.getArray();
            NDArray saved = e.getValue();
            // a copy of its own: the given arrays may be another optimizer's live state
            NDArray copy = saved.getDevice().equals(weight.getDevice()) ? saved.duplicate()
                    : saved.toDevice(weight.getDevice(), true);
            ChannelsLast.matchLayout(copy, weight); // as the fused kernels read it beside the weight
            if (!fields.containsKey(state)) {
                ourStates.get(state).put(parameter.getId(), copy, 1f); // detaches it
                continue;
            }
            Field field = fields.get(state);
            copy.detach();
            Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
            perDevice.put(weight.getDevice(), copy);
            Map<Device, NDArray> old = read(field, optimizer).put(parameter.getId(), perDevice);
            if (old != null) {
                old.values().forEach(NDArray::close);
            }
        }
    }

    /** The fields of type {@code Map<String, Map<Device, NDArray>>} of the optimizer and its superclasses. */
    static List<Field> stateFields(Optimizer optimizer) {
        List<Field> found = new ArrayList<>();
        for (Class<?> c = optimizer.getClass(); c != null && c != Optimizer.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && isStateMap(f.getGenericType())) {
                    f.setAccessible(true);
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static boolean isStateMap(Type type) {
        if (!(type instanceof ParameterizedType outer) || outer.getRawType() != Map.class) {
            return false;
        }
        Type[] args = outer.getActualTypeArguments();
        return args[0] == String.class && args[1] instanceof ParameterizedType inner && inner.getRawType() == Map.class
                && inner.getActualTypeArguments()[0] == Device.class
                && inner.getActualTypeArguments()[1] == NDArray.class;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<Device, NDArray>> read(Field field, Optimizer optimizer) {
        try {
            return (Map<String, Map<Device, NDArray>>) field.get(optimizer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field + " of " + optimizer.getClass().getName(), e);
        }
    }
}
