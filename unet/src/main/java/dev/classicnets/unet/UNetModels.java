package dev.classicnets.unet;

import dev.classicnets.common.registry.ModelEntry;
import dev.classicnets.common.registry.ModelProvider;
import dev.classicnets.common.registry.Normalization;
import java.util.List;

/**
 * The U-Nets by name, for {@link dev.classicnets.common.registry.ModelRegistry}: {@code unet}, the paper's
 * unpadded network (1 grey channel, 2 classes, 572x572 tiles; any side where every pooling meets an even
 * size, 188 the smallest), and milesial/Pytorch-UNet's padded networks with batch norm, {@code
 * unet-padded} and {@code unet-bilinear} (RGB in [0, 1], 2 classes, any size). The class count is the
 * channels of the output map, which has the input's size (padded) or its centre (unpadded).
 */
public final class UNetModels implements ModelProvider {

    private static final String CITATION = "Ronneberger, Fischer, Brox 2015, MICCAI, arXiv:1505.04597";

    /** milesial's networks take pixels in [0, 1] without normalisation. */
    private static final Normalization UNIT_RGB = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    @Override
    public List<ModelEntry> models() {
        return List.of(
                ModelEntry.builder("unet")
                        .network((classes, channels) -> UNet.paper().numClasses(classes).build())
                        .inputShape(1, 572, 572).minInputSize(188)
                        .normalization(new Normalization(new float[] {0.5f}, new float[] {0.5f}))
                        .reference(2, 31_030_658L)
                        .citation(CITATION + ", Figure 1: unpadded, 572 -> 388").build(),
                ModelEntry.builder("unet-padded")
                        .network((classes, channels) -> UNet.padded().numClasses(classes).build())
                        .inputShape(3, 256, 256).minInputSize(1).normalization(UNIT_RGB)
                        .reference(2, 31_037_698L)
                        .citation(CITATION + "; padded with batch norm as milesial/Pytorch-UNet's UNet").build(),
                ModelEntry.builder("unet-bilinear")
                        .network((classes, channels) -> UNet.padded().optUpsampling(UNet.Upsampling.BILINEAR)
                                .numClasses(classes).build())
                        .inputShape(3, 256, 256).minInputSize(1).normalization(UNIT_RGB)
                        .reference(2, 17_263_042L)
                        .citation(CITATION + "; milesial/Pytorch-UNet's UNet(bilinear=True)").build());
    }
}
