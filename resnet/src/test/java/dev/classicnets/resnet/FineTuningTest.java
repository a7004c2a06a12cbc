package dev.classicnets.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning a ResNet-20: with its features frozen, an epoch leaves batch norm's running statistics (and
 * every feature weight) as they were, while the new head learns; unfrozen, the statistics move (DJL's
 * {@code freezeParameters} alone would leave them moving). The replaced head is initialised under the
 * run's seed: two runs with one seed end with the same head, another seed with another.
 */
class FineTuningTest {

    private static final Shape INPUT = new Shape(1, 1, 28, 28);

    private static LabeledImages images;

    private static synchronized LabeledImages images() {
        if (images != null) {
            return images;
        }
        try {
            return images = MnistFamily.FASHION_MNIST.load(null, 0, 1).train().selectClasses(5, 6, 7, 8, 9).limit(96);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A ResNet-20 for 10 classes "pretrained": initialised from seed 1, batch norm statistics not 0 and 1. */
    private static ResNet pretrained(NDManager manager) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        ResNet net = ResNet.builder().depth(20).numClasses(10).optInChannels(1).build();
        net.initialize(manager, DataType.FLOAT32, INPUT);
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getKey().contains("running")) {
                p.getValue().getArray().addi(0.25f); // means 0.25, variances 1.25
            }
        }
        return net;
    }

    private static RunResult fineTune(ResNet net, long seed) {
        ImageBatches batches = ImageBatches.builder().source(images()).batchSize(32).optSeed(seed).build();
        ClassificationTask task = ClassificationTask.builder().network("resnet-20", net)
                .inputShape(new Shape(32, 1, 28, 28)).optOptimizer(OptimizerSettings.of("momentum", 0.05f, 0f))
                .classNames(images().classNames()).build();
        return TrainingLoop.builder().task(task).trainData(batches).epochs(1).optSeed(seed).build().run();
    }

    private static float[] values(ResNet net, String part, boolean runningStatistics) {
        List<Float> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getKey().startsWith(part) && p.getKey().contains("running") == runningStatistics) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    out.add(v);
                }
            }
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static String features(ResNet net) {
        return net.getParameters().keys().get(0).substring(0, net.getParameters().keys().get(0).indexOf('_'));
    }

    @Test
    void aFrozenEpochLeavesBatchNormStatisticsAndFeaturesAsTheyWereWhileTheHeadLearns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet net = pretrained(manager);
            String features = features(net);
            float[] statistics = values(net, features, true);
            float[] weights = values(net, features, false);
            net.replaceHead(5);
            net.freezeFeatures(true);
            try (RunResult r = fineTune(net, 7)) {
                assertArrayEquals(statistics, values(net, features, true), 0f);
                assertArrayEquals(weights, values(net, features, false), 0f);
                assertTrue(r.history().get(0).get("train_loss") > 0);
            }
        }
    }

    @Test
    void anUnfrozenEpochMovesTheStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet net = pretrained(manager);
            String features = features(net);
            float[] statistics = values(net, features, true);
            net.replaceHead(5);
            try (RunResult r = fineTune(net, 7)) {
                assertFalse(Arrays.equals(statistics, values(net, features, true)));
            }
        }
    }

    @Test
    void theNewHeadIsInitialisedUnderTheRunsSeed() {
        float[][] heads = new float[3][];
        long[] seeds = {7, 7, 8};
        for (int i = 0; i < 3; i++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                ResNet net = pretrained(manager);
                net.replaceHead(5);
                net.freezeFeatures(true);
                ai.djl.engine.Engine.getInstance().setRandomSeed(12345 + i); // what happens before run() must not matter
                try (RunResult r = fineTune(net, seeds[i])) {
                    heads[i] = values(net, "03head", false);
                }
            }
        }
        assertTrue(heads[0].length > 0);
        assertArrayEquals(heads[0], heads[1], 0f);
        assertFalse(Arrays.equals(heads[0], heads[2]));
    }
}
