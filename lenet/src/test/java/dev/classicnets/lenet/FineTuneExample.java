package dev.classicnets.lenet;

import ai.djl.ndarray.types.Shape;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.registry.Architecture;
import dev.classicnets.common.registry.Normalization;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.task.Classifier;
import dev.classicnets.common.task.ClassifierSpec;
import dev.classicnets.common.task.Prediction;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.RunResult;
import dev.classicnets.common.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's fine-tuning example (between the markers, shown there unchanged; {@link FineTuneExampleTest}
 * runs it): pretrain on classes 0-4, reload, replace the head, freeze the features, fine-tune on classes 5-9
 * with 100 labels each, predict a PNG, reload from the run directory.
 */
final class FineTuneExample {
    private FineTuneExample() {}

    // README fine-tuning example start
    /** Pretrains LeNet-5 on classes 0-4; its run directory then holds a Classifier. */
    static Path pretrain(DataSplits data, Path runs) {
        LabeledImages first = data.train().selectClasses(0, 1, 2, 3, 4).limit(3000);
        float[][] meanStd = first.channelMeanStd();
        ClassifierSpec spec = new ClassifierSpec(Architecture.of("lenet5"), "lenet5", first.classNames(),
                new Shape(1, 28, 28), 28, 28, "Identity", new Normalization(meanStd[0], meanStd[1]));
        ClassificationTask task = ClassificationTask.builder().network("lenet5", spec.architecture().build(5, 1))
                .inputShape(new Shape(64, 1, 28, 28)).classNames(first.classNames()).build();
        try (RunResult run = TrainingLoop.builder().task(task).trainData(batches(first, spec, true)).epochs(2)
                .optRunDirectory(RunDirectory.create(runs, "lenet")).build().run()) {
            Classifier.from(run, spec); // writes classifier.json beside the weights
            return run.directory();
        }
    }

    /** Learns classes 5-9 from 100 labels each on the pretrained features; predicts {@code png}. */
    static List<Prediction> fineTune(DataSplits data, Path pretrainedRun, Path runs, Path png) throws IOException {
        LabeledImages few = data.train().selectClasses(5, 6, 7, 8, 9).perClass(100, 42);
        LabeledImages test = data.test().selectClasses(5, 6, 7, 8, 9);
        Path tunedRun;
        try (Classifier pretrained = Classifier.load(pretrainedRun)) {
            ClassifierBlock net = pretrained.network();
            net.replaceHead(5); // a fresh head for 5 classes, initialised under the run's seed
            net.freezeFeatures(true); // only the head learns; batch norm would stay in inference mode
            ClassifierSpec spec = new ClassifierSpec(pretrained.spec().architecture(), "lenet5", few.classNames(),
                    new Shape(1, 28, 28), 28, 28, "Identity", pretrained.spec().normalization());
            ClassificationTask task = ClassificationTask.builder().network("lenet5", net)
                    .inputShape(new Shape(64, 1, 28, 28)).classNames(few.classNames()).build();
            try (RunResult run = TrainingLoop.builder().task(task).trainData(batches(few, spec, true))
                    .optTestData(batches(test, spec, false)).epochs(5).optSeed(42)
                    .optRunDirectory(RunDirectory.create(runs, "lenet")).build().run()) {
                System.out.printf("fine-tuned: test accuracy %.4f%n", run.testAccuracy());
                Classifier.from(run, spec).predict(png, 3).forEach(System.out::println);
                tunedRun = run.directory();
            }
        }
        try (Classifier tuned = Classifier.load(tunedRun)) { // from the run directory alone
            return tuned.predict(png, 3);
        }
    }

    static ImageBatches batches(LabeledImages images, ClassifierSpec spec, boolean shuffle) {
        return ImageBatches.builder().source(images).batchSize(64).optShuffle(shuffle)
                .optNormalize(spec.normalization().mean(), spec.normalization().std()).build();
    }
    // README fine-tuning example end
}
