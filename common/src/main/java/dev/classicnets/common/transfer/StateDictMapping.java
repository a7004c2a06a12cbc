package dev.classicnets.common.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.classicnets.common.nn.NamedSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which PyTorch state-dict key holds each parameter of one of our networks, found by walking the
 * block tree the way PyTorch names modules.
 *
 * <p>Each block below the root adds one segment to the key of everything inside it: a child of a
 * plain {@link SequentialBlock} (or a {@link NamedSequence#positional()}) is numbered from 0, as in an {@code nn.Sequential} (ReLU, pooling
 * and dropout count, so layers must mirror the PyTorch module list one for one); a child of any
 * other block (a {@link NamedSequence}, a residual or inception block) goes by the name it was
 * added under. The root's children (the parts of a {@code ClassifierBlock}) are renamed by the
 * caller, or dropped with {@code ""} where PyTorch's model keeps the layers at the top level. A
 * parameter then gets its {@link TorchParameterNames PyTorch name}. DJL's name {@code
 * 01features_05layer1_010_01conv1_weight} with the parts dropped gives {@code layer1.0.conv1.weight};
 * {@code 03head_01Linear_weight} with the head named {@code classifier} gives {@code classifier.0.weight}.
 *
 * <p>Every {@link BatchNorm} also owns a {@code num_batches_tracked} key ({@link #batchCounterKeys}):
 * ignored when loading, written as 0 when exporting.
 */
public final class StateDictMapping {

    /**
     * One parameter of ours and its state-dict key.
     *
     * @param parameterName DJL's name, as in {@code root.getParameters()}
     * @param key the PyTorch state-dict key
     * @param parameter the parameter itself
     */
    public record Entry(String parameterName, String key, Parameter parameter) {}

    private final String description;
    private final List<Entry> entries;
    private final Map<String, Entry> byKey;
    private final List<String> batchCounterKeys;

    private StateDictMapping(String description, List<Entry> entries, List<String> batchCounterKeys) {
        this.description = description;
        this.entries = List.copyOf(entries);
        this.batchCounterKeys = List.copyOf(batchCounterKeys);
        Map<String, Entry> index = new LinkedHashMap<>();
        for (Entry e : entries) {
            Entry clash = index.put(e.key(), e);
            if (clash != null) {
                throw new IllegalArgumentException("parameters " + clash.parameterName() + " and " + e.parameterName()
                        + " both map onto state-dict key " + e.key());
            }
        }
        this.byKey = Collections.unmodifiableMap(index);
    }

    /**
     * Walks {@code root}'s block tree.
     *
     * @param description what the state dict is, for messages (e.g. {@code "torchvision resnet50"})
     * @param root our network
     * @param partKeys for each child of {@code root}, by the name it was added under ({@code
     *     features}, {@code pool}, {@code head}, ...), the key segment PyTorch gives it, or {@code ""}
     *     for none
     * @throws IllegalArgumentException if a child of {@code root} has no entry in {@code partKeys},
     *     a parameter has no PyTorch name, or two parameters would share a key
     */
    public static StateDictMapping of(String description, Block root, Map<String, String> partKeys) {
        Objects.requireNonNull(root, "root");
        Walk walk = new Walk();
        walk.parameters(root, "", "");
        Map<String, String> unused = new HashMap<>(partKeys);
        PairList<String, Block> parts = root.getChildren();
        for (int i = 0; i < parts.size(); i++) {
            String name = childName(root, i);
            String segment = partKeys.get(name);
            if (segment == null) {
                throw new IllegalArgumentException(description + ": no state-dict key given for the part '" + name
                        + "' of " + root.getClass().getSimpleName() + "; parts given: " + new TreeSet<>(partKeys.keySet()));
            }
            unused.remove(name);
            walk.block(parts.valueAt(i), parts.keyAt(i) + "_", segment.isEmpty() ? "" : segment + ".");
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(description + ": " + root.getClass().getSimpleName()
                    + " has no part named " + new TreeSet<>(unused.keySet()) + "; its parts are " + childNames(root));
        }
        return new StateDictMapping(description, walk.entries, walk.batchCounters);
    }

    /** What the state dict is, e.g. {@code torchvision resnet50}. */
    public String description() {
        return description;
    }

    /** Every parameter, in {@code getParameters()} order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry for state-dict key {@code key}, or null. */
    public Entry byKey(String key) {
        return byKey.get(key);
    }

    /** The {@code num_batches_tracked} keys, one per batch norm. */
    public List<String> batchCounterKeys() {
        return batchCounterKeys;
    }

    /** DJL parameter names paired with state-dict keys, in {@code getParameters()} order. */
    public PairList<String, String> pairs() {
        PairList<String, String> pairs = new PairList<>();
        entries.forEach(e -> pairs.add(e.parameterName(), e.key()));
        return pairs;
    }

    @Override
    public String toString() {
        return "StateDictMapping(" + description + ", " + entries.size() + " parameters)";
    }

    /** The name {@code parent}'s {@code index}-th child was added under, without DJL's ordinal prefix. */
    static String childName(Block parent, int index) {
        String key = parent.getChildren().keyAt(index);
        String ordinal = String.format(Locale.ROOT, "%02d", index + 1);
        if (!key.startsWith(ordinal) || key.length() == ordinal.length()) {
            throw new IllegalArgumentException("expected child " + (index + 1) + " of "
                    + parent.getClass().getSimpleName() + " to be named '" + ordinal + "<name>', got '" + key + "'");
        }
        return key.substring(ordinal.length());
    }

    private static List<String> childNames(Block parent) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parent.getChildren().size(); i++) {
            names.add(childName(parent, i));
        }
        return names;
    }

    /** Collects entries depth first, in the order {@code getParameters()} lists them. */
    private static final class Walk {
        final List<Entry> entries = new ArrayList<>();
        final List<String> batchCounters = new ArrayList<>();

        void block(Block block, String djlPrefix, String keyPrefix) {
            parameters(block, djlPrefix, keyPrefix);
            if (block instanceof BatchNorm) {
                batchCounters.add(keyPrefix + TorchParameterNames.BATCH_COUNTER);
            }
            boolean numbered = block instanceof SequentialBlock
                    && (!(block instanceof NamedSequence named) || named.isPositional());
            PairList<String, Block> children = block.getChildren();
            for (int i = 0; i < children.size(); i++) {
                String segment = numbered ? String.valueOf(i) : childName(block, i);
                block(children.valueAt(i), djlPrefix + children.keyAt(i) + "_", keyPrefix + segment + ".");
            }
        }

        void parameters(Block block, String djlPrefix, String keyPrefix) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                String torchName = TorchParameterNames.torchName(p.getKey()).orElseThrow(() ->
                        new IllegalArgumentException("no PyTorch name for parameter '" + p.getKey() + "' of "
                                + block.getClass().getSimpleName() + " at " + djlPrefix + "; known: "
                                + TorchParameterNames.djlNames()));
                entries.add(new Entry(djlPrefix + p.getKey(), keyPrefix + torchName, p.getValue()));
            }
        }
    }
}
