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
 * and pool has been filled once) to the last, split into the part inside the Java heap's range, the rest, and
 * what glibc's malloc counts as in use (libtorch's arrays and the JVM's own allocations): a leak of native
 * memory per batch or per epoch shows in the last, which resident sizes only follow from above (the JVM's
 * heap sizing and where malloc places blocks move them too; the README's benchmark notes).
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
        List<ProcessMemory.Sample> samples = new ArrayList<>();
        try (RunResult r = TrainingLoop.builder().task(task).trainData(batches).epochs(epochs).optSeed(0)
                .addListener((epoch, metrics, networks) -> {
                    ProcessMemory.Sample s = ProcessMemory.sample();
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "  epoch %d: resident %.1f MB (Java heap %.1f, the rest %.1f), "
                            + "Java heap in use %.1f MB, malloc in use %.1f MB, malloc free %.1f MB%n", epoch,
                            s.resident(), s.heapResident(), s.resident() - s.heapResident(), s.heapUsed(),
                            s.mallocInUse(), s.mallocFree());
                    return true;
                }).build().run()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", "resnet20, 1x28x28 b128, momentum 0.1 wd 0.0005, pad-2 crop + flip");
            m.put("epochs", epochs);
            m.put("images_per_epoch", train.size());
            List<Double> rss = samples.stream().map(ProcessMemory.Sample::resident).toList();
            List<Double> outside = samples.stream().map(x -> x.resident() - x.heapResident()).toList();
            double growth = rss.get(rss.size() - 1) / rss.get(1) - 1;
            double outsideGrowth = outside.get(outside.size() - 1) / outside.get(1) - 1;
            List<Double> held = samples.stream().map(ProcessMemory.Sample::mallocInUse).toList();
            double heldGrowth = held.get(held.size() - 1) / held.get(1) - 1;
            m.put("rss_growth_epoch2_to_last", growth);
            m.put("rss_outside_java_heap_growth_epoch2_to_last", outsideGrowth);
            m.put("malloc_in_use_growth_epoch2_to_last", heldGrowth);
            m.put("rss_megabytes_per_epoch", rss);
            m.put("java_heap_resident_megabytes_per_epoch", samples.stream().map(ProcessMemory.Sample::heapResident).toList());
            m.put("java_heap_megabytes_per_epoch", samples.stream().map(ProcessMemory.Sample::heapUsed).toList());
            m.put("malloc_in_use_megabytes_per_epoch", samples.stream().map(ProcessMemory.Sample::mallocInUse).toList());
            m.put("malloc_free_megabytes_per_epoch", samples.stream().map(ProcessMemory.Sample::mallocFree).toList());
            System.out.printf(Locale.ROOT, "resident memory from epoch 2 to %d: %+.2f%% (%.1f -> %.1f MB); outside the "
                    + "Java heap %+.2f%% (%.1f -> %.1f MB)%n", epochs, 100 * growth, rss.get(1), rss.get(rss.size() - 1),
                    100 * outsideGrowth, outside.get(1), outside.get(outside.size() - 1));
            System.out.printf(Locale.ROOT, "held through malloc (libtorch's arrays, the JVM's own) %+.2f%% (%.1f -> %.1f MB)%n",
                    100 * heldGrowth, held.get(1), held.get(held.size() - 1));
            return m;
        }
    }
}
