package dev.classicnets.common.loss;

import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segmentation losses by name, as {@code --loss} writes them: {@code ce}, {@code dice}, {@code jaccard}
 * (or {@code iou}), {@code tversky[:alpha=0.3,beta=0.7]}, and weighted sums such as {@code ce+dice} or
 * {@code ce+0.5*dice}. Cross-entropy takes the class weights and the border weight map; every term skips
 * the ignore index.
 */
public final class SegmentationLosses {

    /** The ignore index meaning "ignore nothing". */
    public static final int NO_IGNORE = Integer.MIN_VALUE;

    private SegmentationLosses() {}

    /**
     * The loss {@code spec} names.
     *
     * @param classWeights for cross-entropy, one per class, or null
     * @param weightMap for cross-entropy, or null
     * @throws IllegalArgumentException naming the term that is not understood
     */
    public static Loss parse(String spec, int numClasses, int ignoreIndex, float[] classWeights,
            BorderWeightMap weightMap) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--loss must name a loss (ce, dice, jaccard, tversky or a sum such as "
                    + "ce+dice), got '" + spec + "'");
        }
        List<Loss> losses = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        boolean crossEntropy = false;
        for (String raw : spec.toLowerCase(Locale.ROOT).split("\\+")) {
            String term = raw.trim();
            double weight = 1;
            int star = term.indexOf('*');
            if (star > 0) {
                weight = number(term.substring(0, star), term, spec);
                term = term.substring(star + 1).trim();
            }
            String name = term.contains(":") ? term.substring(0, term.indexOf(':')) : term;
            Map<String, Double> args = arguments(term, spec);
            Loss loss = switch (name) {
                case "ce", "cross-entropy", "crossentropy" -> {
                    crossEntropy = true;
                    yield new PixelCrossEntropyLoss(numClasses, ignoreIndex, classWeights, weightMap);
                }
                case "dice" -> TverskyLoss.dice(numClasses, ignoreIndex);
                case "jaccard", "iou" -> TverskyLoss.jaccard(numClasses, ignoreIndex);
                case "tversky" -> new TverskyLoss("tversky", numClasses, ignoreIndex, args.getOrDefault("alpha", 0.3),
                        args.getOrDefault("beta", 0.7), args.getOrDefault("smooth", 1.0));
                default -> throw new IllegalArgumentException("unknown loss '" + name + "' in --loss " + spec
                        + "; expected ce, dice, jaccard, tversky[:alpha=A,beta=B] or a sum such as ce+dice");
            };
            if (!name.equals("tversky") && !args.isEmpty()) {
                throw new IllegalArgumentException("loss '" + name + "' in --loss " + spec + " takes no settings");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("the weight of '" + term + "' in --loss " + spec
                        + " must be a positive number, got " + weight);
            }
            losses.add(loss);
            weights.add(weight);
        }
        if (!crossEntropy && (classWeights != null || weightMap != null)) {
            throw new IllegalArgumentException("class weights and the weight map apply to cross-entropy, which --loss "
                    + spec + " does not include");
        }
        if (losses.size() == 1 && weights.get(0) == 1) {
            return losses.get(0);
        }
        return new WeightedSumLoss(losses, weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Map<String, Double> arguments(String term, String spec) {
        Map<String, Double> args = new LinkedHashMap<>();
        int colon = term.indexOf(':');
        if (colon < 0) {
            return args;
        }
        for (String kv : term.substring(colon + 1).split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2 || !List.of("alpha", "beta", "smooth").contains(p[0].trim())) {
                throw new IllegalArgumentException("'" + kv + "' in --loss " + spec
                        + " is not alpha=A, beta=B or smooth=S");
            }
            args.put(p[0].trim(), number(p[1], kv, spec));
        }
        return args;
    }

    private static double number(String text, String term, String spec) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' in '" + term + "' of --loss " + spec
                    + " is not a number");
        }
    }
}
