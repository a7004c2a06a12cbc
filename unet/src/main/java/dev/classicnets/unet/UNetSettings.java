package dev.classicnets.unet;

import java.util.Locale;

/**
 * A U-Net recipe preset's own settings, as data: the network, the data and the loss.
 *
 * @param padded padded convolutions (any input size) or the paper's unpadded ones
 * @param depth poolings on the contracting path
 * @param baseWidth channels of the first level
 * @param batchNorm batch norm after each 3x3 convolution
 * @param upsampling how the expansive path upsamples
 * @param data the data source: {@code fashion-scenes}, {@code shapes} or {@code folder}
 * @param trainImages images per training epoch of a generated source
 * @param testImages test images of a generated source
 * @param loss the loss as {@code --loss} writes it ({@code ce}, {@code ce+dice}, ...)
 * @param weightMap the paper's border weight map on the cross-entropy
 * @param elastic the paper's elastic deformation on the training images
 * @param momentum the SGD momentum (0: the optimizer's default)
 */
public record UNetSettings(boolean padded, int depth, int baseWidth, boolean batchNorm, UNet.Upsampling upsampling,
        String data, int trainImages, int testImages, String loss, boolean weightMap, boolean elastic, float momentum) {

    /** The network these settings describe. */
    public UNet network(int classes) {
        return (padded ? UNet.padded() : UNet.paper()).optPadded(padded).optBatchNorm(batchNorm).optDepth(depth)
                .optBaseWidth(baseWidth).optUpsampling(upsampling).numClasses(classes).build();
    }

    /** A short name for logs and config.json, e.g. {@code unet-padded-d4-w16-bn}. */
    public String networkName() {
        return String.format(Locale.ROOT, "unet-%s-d%d-w%d%s%s", padded ? "padded" : "paper", depth, baseWidth,
                batchNorm ? "-bn" : "", upsampling == UNet.Upsampling.TRANSPOSED ? ""
                        : "-" + upsampling.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
