package dev.classicnets.vgg;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.classicnets.common.nn.ChannelPaddedConv2d;
import dev.classicnets.common.nn.LocalResponseNorm;
import dev.classicnets.common.nn.NamedSequence;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** VGG's convolutional part, built by walking a column of Table 1 ({@link Vgg.Config}). */
final class VggFeatures {
    private VggFeatures() {}

    /** One entry of a column: a {@code kernel}×{@code kernel} convolution, or LRN. */
    record Layer(int kernel, int channels) {
        static final Layer LRN = new Layer(0, 0);
        private static final Pattern CONV = Pattern.compile("conv(\\d+)-(\\d+)");

        boolean isLrn() {
            return this == LRN;
        }

        static Layer parse(String token) {
            if (token.equals("LRN")) {
                return LRN;
            }
            Matcher m = CONV.matcher(token);
            if (!m.matches()) {
                throw new IllegalStateException("not a layer of Table 1: " + token);
            }
            return new Layer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }

    /**
     * The five stages of {@code config}, each ending in a 2×2 max pool, convolutions scaled by {@code
     * widthMultiplier} (at least one filter); where each convolution sits goes into {@code slots}.
     */
    static NamedSequence build(Vgg.Config config, boolean batchNorm, float widthMultiplier, List<Vgg.ConvSlot> slots) {
        // convolutions keep Conv2d's name (and torchvision's positions) but avoid oneDNN's faults
        NamedSequence features = NamedSequence.positional();
        List<List<Layer>> stages = config.stages();
        for (int stage = 0; stage < stages.size(); stage++) {
            int position = 0;
            for (Layer layer : stages.get(stage)) {
                if (layer.isLrn()) {
                    features.add(LocalResponseNorm.alexNet());
                    continue;
                }
                int convChild = features.getChildren().size();
                // "same" convolution: C x H x W -> channels x H x W
                features.add("Conv2d", new ChannelPaddedConv2d(Conv2d.builder()
                        .setKernelShape(new Shape(layer.kernel(), layer.kernel()))
                        .optPadding(new Shape(layer.kernel() / 2, layer.kernel() / 2))
                        .setFilters(Math.max(1, Math.round(layer.channels() * widthMultiplier)))));
                if (batchNorm) {
                    features.add(BatchNorm.builder().build());
                }
                features.add(Activation.reluBlock());
                slots.add(new Vgg.ConvSlot(stage, position++, convChild, batchNorm ? convChild + 1 : -1));
            }
            features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2))); // H x W -> H/2 x W/2
        }
        return features;
    }
}
