package dev.classicnets.resnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.classicnets.common.nn.NamedSequence;

/** Walks a {@link ResNet.Config} into the convolutional trunk: a stem, then one stage per entry. */
final class ResNetFeatures {
    private ResNetFeatures() {}

    static NamedSequence build(ResNet.Config config, ResNet.Builder options) {
        Shortcut shortcut = options.plain() ? Shortcut.NONE
                : config.cifar() ? Shortcut.ZERO_PAD : Shortcut.PROJECTION;
        int stemWidth = config.widths()[0];
        NamedSequence features = new NamedSequence();
        if (config.cifar()) {
            // 32x32 -> 32x32x16
            features.add("conv1", ResidualBlock.conv(stemWidth, 3, 1));
        } else {
            // 224x224 -> 112x112x64
            features.add("conv1", ResidualBlock.conv(stemWidth, 7, 2));
        }
        features.add("bn1", BatchNorm.builder().build());
        features.add("relu", Activation.reluBlock());
        if (!config.cifar()) {
            // 112x112 -> 56x56
            features.add("maxpool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        // ImageNet: layer1 56x56, layer2 28x28, layer3 14x14, layer4 7x7 (at 224x224 input).
        // CIFAR:    layer1 32x32, layer2 16x16, layer3 8x8 (at 32x32 input).
        int in = stemWidth;
        for (int stage = 0; stage < config.widths().length; stage++) {
            int width = config.widths()[stage];
            NamedSequence layer = new NamedSequence();
            for (int i = 0; i < config.blocksPerStage()[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1; // every stage after the first halves the map
                ResidualBlock block = block(config.block(), in, width, stride, shortcut, options);
                layer.add(String.valueOf(i), block);
                in = width * (config.block() == ResNet.BlockType.BASIC ? BasicBlock.EXPANSION : Bottleneck.EXPANSION);
            }
            features.add("layer" + (stage + 1), layer);
        }
        return features;
    }

    private static ResidualBlock block(ResNet.BlockType type, int in, int width, int stride, Shortcut shortcut,
            ResNet.Builder options) {
        return switch (type) {
            case BASIC -> new BasicBlock(in, width, stride, shortcut, options.zeroInitResidual());
            case BOTTLENECK -> new Bottleneck(in, width, stride, shortcut, options.zeroInitResidual(),
                    options.strideOn1x1());
        };
    }
}
