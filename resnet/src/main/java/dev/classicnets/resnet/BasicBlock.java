package dev.classicnets.resnet;

import ai.djl.nn.norm.BatchNorm;

/**
 * Two 3x3 convolutions (He et al. 2015, Figure 5 left), the block of ResNet-18/34 and of the
 * CIFAR networks; torchvision's {@code BasicBlock}. A stride of 2 sits on the first convolution.
 */
public class BasicBlock extends ResidualBlock {

    /** Output channels per unit of width: a basic block's output is as wide as its convolutions. */
    public static final int EXPANSION = 1;

    /**
     * @param inChannels input channels
     * @param channels width of both convolutions, and of the output
     * @param stride 1, or 2 to halve the feature map
     * @param shortcut how the input reaches the output ({@link Shortcut#NONE}: a plain block)
     * @param zeroInitResidual start {@code bn2}'s gamma at 0
     */
    public BasicBlock(int inChannels, int channels, int stride, Shortcut shortcut, boolean zeroInitResidual) {
        super(inChannels, channels * EXPANSION, stride, shortcut, zeroInitResidual);
        layer("conv1", conv(channels, 3, stride));
        layer("bn1", BatchNorm.builder().build());
        layer("conv2", conv(channels, 3, 1));
        layer("bn2", BatchNorm.builder().build());
        addShortcut();
    }
}
