package dev.classicnets.common.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.classicnets.common.Require;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * Fits an RGB network's first convolution to another number of input channels, so that ImageNet weights
 * can start a run on grey images (Fashion-MNIST, MNIST) — timm's {@code adapt_input_conv}:
 * <ul>
 *   <li>one channel: the weight summed over its three input channels. The network then computes on a
 *       grey image exactly what the RGB network computes on that image copied into all three channels;
 *   <li>C channels: the three input channels repeated to C and scaled by 3 / C, which keeps the layer's
 *       output scale for inputs of the same statistics.
 * </ul>
 */
public final class InputChannels {
    private InputChannels() {}

    /** What {@link #adapt(StateDictMapping, Map, int)} changed: the key and the file's channel count. */
    public record Adapted(String key, long fromChannels, int toChannels) {
        @Override
        public String toString() {
            return key + " adapted from " + fromChannels + " to " + toChannels + " input channel"
                    + (toChannels == 1 ? " (summed)" : "s (repeated, scaled by " + fromChannels + "/" + toChannels + ")");
        }
    }

    /**
     * {@code stateDict} with the weight of {@code mapping}'s first convolution (its first 4-d weight, the
     * layer that reads the image) adapted to {@code channels} input channels when the file's has 3 and the
     * network wants another count; the file's tensor is replaced in the map (the old one stays with its
     * manager). Nothing changes when the counts agree.
     *
     * @return what was adapted, or empty
     * @throws IllegalArgumentException if the file's first convolution has neither {@code channels} nor 3
     */
    public static Optional<Adapted> adapt(StateDictMapping mapping, Map<String, NDArray> stateDict, int channels) {
        Require.that(channels >= 1, "channels must be >= 1, got " + channels);
        StateDictMapping.Entry first = mapping.entries().stream()
                .filter(e -> e.parameter().getArray().getShape().dimension() == 4).findFirst().orElse(null);
        NDArray weight = first == null ? null : stateDict.get(first.key());
        if (weight == null || weight.getShape().dimension() != 4 || weight.getShape().get(1) == channels) {
            return Optional.empty(); // no convolution to adapt, or it fits: the strict load reports any other mismatch
        }
        long from = weight.getShape().get(1);
        Require.that(from == 3, first.key() + " has " + from + " input channels; only an RGB (3-channel) first "
                + "convolution can be adapted to " + channels);
        stateDict.put(first.key(), adapt(weight, channels));
        return Optional.of(new Adapted(first.key(), from, channels));
    }

    /** An RGB convolution weight (out, 3, kh, kw) for {@code channels} input channels, as the class says. */
    public static NDArray adapt(NDArray rgbWeight, int channels) {
        Require.that(rgbWeight.getShape().dimension() == 4 && rgbWeight.getShape().get(1) == 3,
                "expected an RGB convolution weight (out, 3, kh, kw), got " + rgbWeight.getShape());
        Require.that(channels >= 1, "channels must be >= 1, got " + channels);
        if (channels == 1) {
            return rgbWeight.sum(new int[] {1}, true);
        }
        int copies = (channels + 2) / 3;
        try (NDArray repeated = NDArrays.concat(new NDList(Collections.nCopies(copies, rgbWeight)), 1)) {
            return repeated.get(new NDIndex(":, :{}", channels)).mul(3f / channels);
        }
    }
}
