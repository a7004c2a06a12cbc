package dev.classicnets.unet;

import dev.classicnets.common.cli.Preset;
import java.util.List;

/** The U-Net recipe's presets, all their settings as data; the first ({@code cpu}) is the default. */
final class UNetPresets {
    private UNetPresets() {}

    static List<Preset<UNetSettings>> all() {
        return List.of(
                Preset.builder("cpu", new UNetSettings(true, 4, 16, true, UNet.Upsampling.TRANSPOSED, "fashion-scenes",
                                15_000, 1_000, "ce", false, false, 0f))
                        .epochs(5).batchSize(16).optimizer("adam", 2e-3f).optSchedule("cosine").imageSize(64)
                        .optNote("padded U-Net with batch norm; sized for 2 cores")
                        .build(),
                Preset.builder("paper", new UNetSettings(false, 4, 64, false, UNet.Upsampling.TRANSPOSED, "shapes",
                                30, 6, "ce", true, true, 0.99f))
                        .epochs(10).batchSize(1).optimizer("momentum", 1e-3f).imageSize(572)
                        .optNote("Ronneberger et al. 2015: unpadded 572 tiles (388 map), SGD momentum 0.99, batch 1, "
                                + "border weight map w0 10 sigma 5, elastic 3x3 grid sigma 10; the learning rate is "
                                + "not in the paper")
                        .build());
    }
}
