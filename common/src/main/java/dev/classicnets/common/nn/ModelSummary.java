package dev.classicnets.common.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layer table, as Keras' {@code model.summary()} prints it: each layer with its output shape and
 * trainable parameters, then the total.
 *
 * <p>It descends into blocks whose data flow is a plain sequence ({@link SequentialBlock}, {@link
 * ClassifierBlock}); any other block with children (a residual or inception block) is one row.
 */
public final class ModelSummary {

    /** One row of the table. */
    public record Row(String name, String type, Shape outputShape, long parameters, int depth) {}

    private final List<Row> rows;
    private final Shape inputShape;
    private final long total;

    private ModelSummary(Shape inputShape, List<Row> rows, long total) {
        this.inputShape = inputShape;
        this.rows = rows;
        this.total = total;
    }

    /**
     * Initialises {@code block} for {@code inputShape} (N, C, H, W) and walks it. Meant for a block
     * built to be described: an uninitialised block is initialised in a manager that is closed on
     * return, so its parameters cannot be used afterwards (build another one to train).
     *
     * @param maxDepth how many levels of sequential nesting to expand (1 = top-level children)
     */
    public static ModelSummary of(Block block, Shape inputShape, int maxDepth) {
        try (NDManager manager = NDManager.newBaseManager()) {
            if (!block.isInitialized()) {
                block.initialize(manager, DataType.FLOAT32, inputShape);
            }
            List<Row> rows = new ArrayList<>();
            walk(block, "", new Shape[] {inputShape}, 0, maxDepth, rows);
            return new ModelSummary(inputShape, rows, Parameters.countTrainable(block));
        }
    }

    /**
     * A block whose children do not run as one sequence (a U-Net's skip connections) walks them itself,
     * so that the table shows its layers: it passes each child with its input shapes to {@code child}.
     */
    public interface Branching {
        /** Walks the children in forward order through {@code child}; returns this block's output shapes. */
        Shape[] walk(Shape[] in, ChildWalker child);
    }

    /** Adds a child's rows to the table (named under its parent) and returns its output shapes. */
    @FunctionalInterface
    public interface ChildWalker {
        Shape[] walk(String childName, Block child, Shape[] in);
    }

    private static Shape[] walk(
            Block block, String name, Shape[] in, int depth, int maxDepth, List<Row> rows) {
        if (block instanceof Branching branching && depth < maxDepth) {
            return branching.walk(in, (childName, child, s) -> walk(child,
                    name.isEmpty() ? childName : name + "/" + childName, s, depth + 1, maxDepth, rows));
        }
        boolean sequential = block instanceof SequentialBlock || block instanceof ClassifierBlock;
        if (sequential && depth < maxDepth) {
            Shape[] s = in;
            for (Pair<String, Block> child : block.getChildren()) {
                String childName = name.isEmpty() ? child.getKey() : name + "/" + child.getKey();
                s = walk(child.getValue(), childName, s, depth + 1, maxDepth, rows);
            }
            return s;
        }
        Shape[] out = block.getOutputShapes(in);
        rows.add(new Row(name, typeName(block), out[0], trainable(block), depth));
        return out;
    }

    /** The class name, or a lambda block's own name (ReLU, maxPool2d, ...) where it has one. */
    private static String typeName(Block block) {
        if (block instanceof LambdaBlock lambda && !LambdaBlock.DEFAULT_NAME.equals(lambda.getName())
                && lambda.getName() != null) {
            return lambda.getName();
        }
        return block.getClass().getSimpleName();
    }

    private static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    /** The table's rows, in forward order. */
    public List<Row> rows() {
        return rows;
    }

    /** Total trainable parameters. */
    public long totalParameters() {
        return total;
    }

    /** The table as text: layer, type, output shape, parameters, and the total. */
    public String format() {
        int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(5));
        int typeWidth = Math.max(4, rows.stream().mapToInt(r -> r.type().length()).max().orElse(4));
        String fmt = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-22s %,14d%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + typeWidth + "s  %-22s %14s%n",
                "layer", "type", "output shape", "parameters"));
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + typeWidth + "s  %-22s%n",
                "input", "", inputShape));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.name(), r.type(), r.outputShape(), r.parameters()));
        }
        sb.append(String.format(Locale.ROOT, "Total trainable parameters: %,d (%d)%n", total, total));
        return sb.toString();
    }
}
