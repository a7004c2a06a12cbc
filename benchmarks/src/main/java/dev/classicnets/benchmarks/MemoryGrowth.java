package dev.classicnets.benchmarks;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.augment.PadAndRandomCrop;
import dev.classicnets.common.augment.RandomHorizontalFlip;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import dev.classicnets.resnet.ResNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process's resident memory after every epoch of ResNet-20 trained as its cpu preset trains it
 * (28x28 Fashion-MNIST, pad-2 crops and flips, SGD momentum 0.1, weight decay 5e-4, batch 128) through
 * the training loop and the data pipeline, and its growth from the end of epoch 2 (when every cache
 * and pool has been filled once) to the last. A leak of native memory per batch or per epoch shows here
 * and not in the Java heap, which is reported beside it.
 */
final class MemoryGrowth {

    private MemoryGrowth() {}

    static Map<String, Object> run(int epochs, int images, Path dataDir) throws IOException {
        if (epochs < 3) {
            throw new IllegalArgumentException("--memory-epochs must be at least 3 (growth is measured from epoch 2), got "
                    + epochs);
        }
        DataSplits data = MnistFamily.FASHION_MNIST.load(dataDir, 0, 0);
        LabeledImages train = images > 0 ? data.train().limit(images) : data.train();
        float[][] meanStd = train.channelMeanStd();
        ImageBatches batches = ImageBatches.builder().source(train).batchSize(128)
                .optTransform(new PadAndRandomCrop(2).andThen(new RandomHorizontalFlip(0.5)))
                .optNormalize(meanStd[0], meanStd[1]).build();
        ClassificationTask task = ClassificationTask.builder()
                .network("resnet20", ResNet.builder().depth(20).numClasses(10).optInChannels(1).build())
                .inputShape(new Shape(128, 1, 28, 28)).optOptimizer(OptimizerSettings.of("momentum", 0.1f, 5e-4f))
                .classNames(data.classNames()).build();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        try (RunResult r = TrainingLoop.builder().task(task).trainData(batches).epochs(epochs).optSeed(0)
                .addListener((epoch, metrics, networks) -> {
                    rss.add(residentMegabytes());
                    Runtime rt = Runtime.getRuntime();
                    heap.add((rt.totalMemory() - rt.freeMemory()) / 1048576.0);
                    System.out.printf(Locale.ROOT, "  epoch %d: resident %.1f MB, Java heap in use %.1f MB%n", epoch,
                            rss.get(rss.size() - 1), heap.get(heap.size() - 1));
                    return true;
                }).build().run()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", "resnet20, 1x28x28 b128, momentum 0.1 wd 0.0005, pad-2 crop + flip");
            m.put("epochs", epochs);
            m.put("images_per_epoch", train.size());
            double growth = rss.get(rss.size() - 1) / rss.get(1) - 1;
            m.put("rss_growth_epoch2_to_last", growth);
            m.put("rss_megabytes_per_epoch", rss);
            m.put("java_heap_megabytes_per_epoch", heap);
            System.out.printf(Locale.ROOT, "resident memory from epoch 2 to %d: %+.2f%% (%.1f -> %.1f MB)%n", epochs,
                    100 * growth, rss.get(1), rss.get(rss.size() - 1));
            return m;
        }
    }

    /** VmRSS of this process, in MB (NaN where there is no /proc). */
    static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
