package dev.classicnets.googlenet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.nn.MultiplyAdds;
import dev.classicnets.common.nn.Parameters;
import java.util.Locale;

/**
 * What the 1x1 reductions buy: the trainable parameters and multiply-adds of the same GoogLeNet
 * built with {@link Inception#NAIVE naive} and with {@link Inception#REDUCED reduced} inception
 * modules, without auxiliary heads (inference cost).
 *
 * @param naiveParameters trainable parameters with naive modules
 * @param reducedParameters trainable parameters with reduced modules
 * @param naiveMultiplyAdds convolution and linear multiply-adds per image, naive
 * @param reducedMultiplyAdds the same, reduced
 * @param imageSize side of the square input the multiply-adds are counted at
 */
public record InceptionCost(long naiveParameters, long reducedParameters, long naiveMultiplyAdds,
        long reducedMultiplyAdds, int imageSize) {

    /**
     * Builds both networks, initialises them (no forward pass) and counts.
     *
     * @param imageSize input side, at least {@link GoogLeNet#minimumInputSize(Variant, boolean)}
     */
    public static InceptionCost of(Variant variant, int inChannels, int imageSize, int numClasses) {
        long[] naive = count(variant, Inception.NAIVE, inChannels, imageSize, numClasses);
        long[] reduced = count(variant, Inception.REDUCED, inChannels, imageSize, numClasses);
        return new InceptionCost(naive[0], reduced[0], naive[1], reduced[1], imageSize);
    }

    private static long[] count(Variant variant, Inception form, int inChannels, int imageSize, int numClasses) {
        GoogLeNet net = GoogLeNet.builder().variant(variant).inception(form).numClasses(numClasses)
                .optInChannels(inChannels).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, inChannels, imageSize, imageSize));
            return new long[] {Parameters.countTrainable(net), MultiplyAdds.count(net)};
        }
    }

    /** How many times more parameters the naive network has. */
    public double parameterRatio() {
        return (double) naiveParameters / reducedParameters;
    }

    /** How many times more multiply-adds the naive network needs. */
    public double multiplyAddRatio() {
        return (double) naiveMultiplyAdds / reducedMultiplyAdds;
    }

    /** A small table: both networks' parameters and multiply-adds, and the ratios. */
    public String format() {
        String row = "%-9s %,15d %,18d%n";
        return String.format(Locale.ROOT, "%-9s %15s %18s%n", "inception", "parameters", "multiply-adds@" + imageSize)
                + String.format(Locale.ROOT, row, "naive", naiveParameters, naiveMultiplyAdds)
                + String.format(Locale.ROOT, row, "reduced", reducedParameters, reducedMultiplyAdds)
                + String.format(Locale.ROOT, "%-9s %14.2fx %17.2fx%n", "ratio", parameterRatio(), multiplyAddRatio());
    }
}
