package dev.classicnets.common.data;

import dev.classicnets.common.augment.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A view of some items of a {@link LabeledImages}, optionally relabelled; nothing is copied. */
final class LabeledView implements LabeledImages {

    private final LabeledImages all;
    private final int[] items;
    private final int[] relabel; // old class -> new class, or null to keep labels
    private final List<String> classNames;

    private LabeledView(LabeledImages all, int[] items, int[] relabel, List<String> classNames) {
        this.all = all;
        this.items = items;
        this.relabel = relabel;
        this.classNames = List.copyOf(classNames);
    }

    static LabeledImages of(LabeledImages all, int[] items, int[] relabel, List<String> classNames) {
        return new LabeledView(all, items, relabel, classNames);
    }

    static LabeledImages selectClasses(LabeledImages all, int... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("selectClasses needs at least one class");
        }
        int[] relabel = new int[all.numClasses()];
        Arrays.fill(relabel, -1);
        List<String> names = new ArrayList<>();
        for (int c : classes) {
            if (c < 0 || c >= all.numClasses()) {
                throw new IllegalArgumentException("class " + c + " is not one of the " + all.numClasses()
                        + " classes (0 to " + (all.numClasses() - 1) + ")");
            }
            if (relabel[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " is selected twice");
            }
            relabel[c] = names.size();
            names.add(all.classNames().get(c));
        }
        int[] items = java.util.stream.IntStream.range(0, all.size()).filter(i -> relabel[all.label(i)] >= 0)
                .toArray();
        if (items.length == 0) {
            throw new IllegalArgumentException("no item belongs to classes " + Arrays.toString(classes));
        }
        return new LabeledView(all, items, relabel, names);
    }

    static LabeledImages perClass(LabeledImages all, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("items per class must be at least 1, got " + n);
        }
        int[] order = ImageSet.permutation(all.size(), new Random(seed));
        int[] taken = new int[all.numClasses()];
        boolean[] keep = new boolean[all.size()];
        for (int i : order) {
            if (taken[all.label(i)] < n) {
                taken[all.label(i)]++;
                keep[i] = true;
            }
        }
        int[] items = java.util.stream.IntStream.range(0, all.size()).filter(i -> keep[i]).toArray();
        return new LabeledView(all, items, null, all.classNames());
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Image image(int i) {
        return all.image(items[i]);
    }

    @Override
    public int label(int i) {
        int label = all.label(items[i]);
        return relabel == null ? label : relabel[label];
    }

    @Override
    public int channels() {
        return all.channels();
    }

    @Override
    public int height() {
        return all.height();
    }

    @Override
    public int width() {
        return all.width();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
