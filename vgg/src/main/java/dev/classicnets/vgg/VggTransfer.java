package dev.classicnets.vgg;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper's way to start a deep configuration (section 3.1): "we initialised the first four
 * convolutional layers and the last three fully-connected layers with the layers of net A (the
 * intermediate layers were initialised randomly)".
 */
public final class VggTransfer {
    private static final Logger logger = LoggerFactory.getLogger(VggTransfer.class);

    /** How many of the shallow network's convolutions the paper carries over. */
    public static final int CONV_LAYERS = 4;

    // children of a ClassifierBlock
    private static final int FEATURES = 0;
    private static final int HEAD = 2;

    private VggTransfer() {}

    /** One parameter copied: names as in {@code getParameters()} of each network, and the shape. */
    public record Copy(String from, String to, Shape shape) {}

    /**
     * What {@link #initFromShallower} did.
     *
     * @param copied every parameter copied, in order
     * @param skipped one sentence per layer left as initialised, saying why
     */
    public record Result(List<Copy> copied, List<String> skipped) {}

    /**
     * Copies the first {@value #CONV_LAYERS} convolutions (with their batch norms when both
     * networks have them) and the three fully connected layers of {@code trained} into {@code
     * target}; every other layer of {@code target} keeps its values.
     *
     * <p>Table 1's deeper columns keep A's layers and insert new ones inside each stage, so a
     * convolution goes to the one at the same position of the same stage (A's four: stage 1 first,
     * stage 2 first, stage 3 first and second). A layer is copied only if all its tensors have the
     * same shapes in both networks (same width multiplier and input channels; for the last FC
     * layer, the same class count); otherwise it is listed in {@link Result#skipped()}.
     *
     * @param trained the trained shallower network (usually configuration A), initialised
     * @param target the deeper network, initialised (e.g. by {@code Trainer.initialize})
     * @throws IllegalArgumentException if either is not a {@link Vgg}
     * @throws IllegalStateException if either is not initialised
     */
    public static Result initFromShallower(Block trained, Block target) {
        Vgg from = vgg(trained, "trained");
        Vgg to = vgg(target, "target");
        List<Copy> copied = new ArrayList<>();
        List<String> skipped = new ArrayList<>();

        List<Vgg.ConvSlot> sourceConvs = from.convSlots();
        for (Vgg.ConvSlot s : sourceConvs.subList(0, Math.min(CONV_LAYERS, sourceConvs.size()))) {
            String where = "conv at stage " + (s.stage() + 1) + " position " + (s.position() + 1);
            Optional<Vgg.ConvSlot> match = to.convSlots().stream()
                    .filter(t -> t.stage() == s.stage() && t.position() == s.position())
                    .findFirst();
            if (match.isEmpty()) {
                skipped.add(where + ": the target has no such layer");
                continue;
            }
            Vgg.ConvSlot t = match.get();
            copyLayer(from, FEATURES, s.convChild(), to, t.convChild(), where, copied, skipped);
            if (s.batchNormChild() >= 0 && t.batchNormChild() >= 0) {
                copyLayer(from, FEATURES, s.batchNormChild(), to, t.batchNormChild(),
                        "batch norm of the " + where, copied, skipped);
            }
        }

        List<Integer> sourceFc = linearChildren(from.head());
        List<Integer> targetFc = linearChildren(to.head());
        if (sourceFc.size() != targetFc.size()) {
            skipped.add("fully connected layers: the trained network has " + sourceFc.size() + " in its head, the target "
                    + targetFc.size() + "; pairing them in order");
        }
        for (int i = 0; i < Math.min(sourceFc.size(), targetFc.size()); i++) {
            copyLayer(from, HEAD, sourceFc.get(i), to, targetFc.get(i), "fully connected layer " + (i + 1),
                    copied, skipped);
        }

        logger.info("Initialised VGG {} from VGG {}: copied {} tensors ({} parameters); left as initialised: {}",
                to.config().cliName(), from.config().cliName(), copied.size(),
                copied.stream().mapToLong(c -> c.shape().size()).sum(), skipped.isEmpty() ? "none" : skipped);
        return new Result(List.copyOf(copied), List.copyOf(skipped));
    }

    /**
     * Copies every tensor of one layer if all shapes match; otherwise records why not.
     *
     * @param part which of the networks' parts holds the layers (0 features, 2 head)
     */
    private static void copyLayer(Vgg from, int part, int fromChild, Vgg to, int toChild, String where,
            List<Copy> copied, List<String> skipped) {
        Pair<String, Block> fromLayer = layer(from, part, fromChild);
        Pair<String, Block> toLayer = layer(to, part, toChild);
        PairList<String, Parameter> source = fromLayer.getValue().getParameters();
        PairList<String, Parameter> target = toLayer.getValue().getParameters();
        for (int i = 0; i < source.size(); i++) {
            Shape a = source.get(i).getValue().getArray().getShape();
            Shape b = target.get(i).getValue().getArray().getShape();
            if (!a.equals(b)) {
                skipped.add(where + ": " + source.get(i).getKey() + " is " + a + " in the trained network but " + b
                        + " in the target");
                return;
            }
        }
        for (int i = 0; i < source.size(); i++) {
            Parameter s = source.get(i).getValue();
            s.getArray().copyTo(target.get(i).getValue().getArray());
            copied.add(new Copy(fromLayer.getKey() + "_" + source.get(i).getKey(),
                    toLayer.getKey() + "_" + target.get(i).getKey(), s.getArray().getShape()));
        }
    }

    /** A layer with its name as its network prefixes its parameters, e.g. {@code 01features_05Conv2d}. */
    private static Pair<String, Block> layer(Vgg net, int part, int child) {
        Pair<String, Block> p = net.getChildren().get(part);
        Pair<String, Block> c = p.getValue().getChildren().get(child);
        return new Pair<>(p.getKey() + "_" + c.getKey(), c.getValue());
    }

    private static List<Integer> linearChildren(Block head) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < head.getChildren().size(); i++) {
            if (head.getChildren().get(i).getValue() instanceof Linear) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static Vgg vgg(Block block, String role) {
        if (!(block instanceof Vgg vgg)) {
            throw new IllegalArgumentException("initFromShallower needs VGG networks, the " + role + " one is a "
                    + (block == null ? "null" : block.getClass().getSimpleName()));
        }
        if (!vgg.isInitialized()) {
            throw new IllegalStateException("the " + role + " VGG " + vgg.config().cliName()
                    + " is not initialised; initialise it (or load its parameters) first");
        }
        return vgg;
    }
}
