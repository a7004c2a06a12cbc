package dev.classicnets.common.transfer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.nn.NamedSequence;
import java.util.Map;

/**
 * A classifier small enough to check mappings by hand: {@code features} a plain sequence
 * (conv, batch norm, ReLU), {@code pool} global pooling and flatten, {@code head} a named {@code fc}.
 */
final class TinyNet {
    private TinyNet() {}

    static final Shape INPUT = new Shape(2, 3, 6, 6);

    /** torchvision-like names: the trunk under {@code features}, the head at the top level. */
    static final Map<String, String> PARTS = Map.of(
            ClassifierBlock.FEATURES, "features", ClassifierBlock.POOL, "avgpool", ClassifierBlock.HEAD, "");

    static ClassifierBlock build(int classes) {
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        SequentialBlock pool = new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        NamedSequence head = new NamedSequence().add("fc", Linear.builder().setUnits(classes).build());
        return new ClassifierBlock(features, pool, head);
    }

    static ClassifierBlock initialized(NDManager manager, int classes) {
        ClassifierBlock net = build(classes);
        net.initialize(manager, DataType.FLOAT32, INPUT);
        return net;
    }

    static StateDictMapping mapping(ClassifierBlock net) {
        return StateDictMapping.of("tiny", net, PARTS);
    }
}
