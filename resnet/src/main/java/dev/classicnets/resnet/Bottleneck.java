package dev.classicnets.resnet;

import ai.djl.nn.norm.BatchNorm;

/**
 * 1x1 reduce, 3x3, 1x1 expand by {@link #EXPANSION} (He et al. 2015, Figure 5 right), the block
 * of ResNet-50/101/152; torchvision's {@code Bottleneck}.
 *
 * <p>Where the block downsamples, the paper puts the stride on the first 1x1 convolution;
 * torchvision puts it on the 3x3 ("ResNet v1.5"), which costs more multiply-adds and is known to
 * train to a slightly better accuracy. The 3x3 is the default here; {@code strideOn1x1} selects
 * the paper's choice. Neither changes the parameters.
 */
public class Bottleneck extends ResidualBlock {

    /** The output is four times as wide as the inner convolutions. */
    public static final int EXPANSION = 4;

    /**
     * @param inChannels input channels
     * @param channels width of the inner convolutions; the output has {@code 4 * channels}
     * @param stride 1, or 2 to halve the feature map
     * @param shortcut how the input reaches the output ({@link Shortcut#NONE}: a plain block)
     * @param zeroInitResidual start {@code bn3}'s gamma at 0
     * @param strideOn1x1 put the stride on {@code conv1} (the paper) instead of {@code conv2}
     */
    public Bottleneck(int inChannels, int channels, int stride, Shortcut shortcut, boolean zeroInitResidual,
            boolean strideOn1x1) {
        super(inChannels, channels * EXPANSION, stride, shortcut, zeroInitResidual);
        layer("conv1", conv(channels, 1, strideOn1x1 ? stride : 1));
        layer("bn1", BatchNorm.builder().build());
        layer("conv2", conv(channels, 3, strideOn1x1 ? 1 : stride));
        layer("bn2", BatchNorm.builder().build());
        layer("conv3", conv(channels * EXPANSION, 1, 1));
        layer("bn3", BatchNorm.builder().build());
        addShortcut();
    }
}
