package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.DataSplits;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.data.LabeledImages;
import dev.classicnets.common.data.MnistFamily;
import dev.classicnets.common.nn.ClassifierBlock;
import dev.classicnets.common.optim.OptimizerSettings;
import dev.classicnets.common.task.ClassificationTask;
import dev.classicnets.common.callback.EpochListener;
import dev.classicnets.common.optim.OptimizerState;
import dev.classicnets.common.testing.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpoints: optimizer state round trips, atomic files, and a run killed mid-epoch that resumes. */
class CheckpointResumeTest {

    @TempDir
    Path dir;

    private DataSplits data;

    @BeforeEach
    void data() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        IdxWriter.writeSyntheticMnist(dir.resolve("data"), 480, 100, false);
        data = MnistFamily.MNIST.load(dir.resolve("data"), 1 / 6.0, 1); // 400 train, 80 validation
    }

    /** With batch norm, so the running statistics (parameters without gradients) must come back too. */
    private static ClassifierBlock mlp() {
        return new ClassifierBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(24).build()).add(BatchNorm.builder().build())
                .add(Activation.reluBlock()), Blocks.identityBlock(), Linear.builder().setUnits(10).build());
    }

    private LoopSettings.Builder training(RunDirectory run, ImageTransform transform, String optimizer,
            EpochListener... listeners) {
        ClassificationTask task = ClassificationTask.builder().network("mlp", mlp()).inputShape(new Shape(1, 1, 28, 28))
                .optOptimizer(OptimizerSettings.of(optimizer, optimizer.equals("adam") ? 3e-3f : 0.05f, 1e-4f))
                .classNames(data.train().classNames()).build();
        LoopSettings.Builder b = TrainingLoop.builder().task(task).optName("mlp")
                .trainData(ImageBatches.builder().source(data.train()).batchSize(32).optShuffle(true)
                        .optTransform(transform).build())
                .optValidationData(ImageBatches.builder().source(data.validation()).batchSize(32).optShuffle(false)
                        .build())
                .optTestData(ImageBatches.builder().source(data.test()).batchSize(32).optShuffle(false).build())
                .epochs(3)
                .optRunDirectory(run).optProgress(false);
        for (EpochListener l : listeners) {
            b.addListener(l);
        }
        return b;
    }

    /** Passes images through unchanged, and fails at its {@code failAt}-th image (an injected crash). */
    private static ImageTransform failingAt(int failAt) {
        AtomicInteger seen = new AtomicInteger();
        return (image, rng) -> {
            if (seen.incrementAndGet() == failAt) {
                throw new IllegalStateException("injected failure");
            }
            return image;
        };
    }

    @Test
    void aRunKilledMidEpochResumesToTheSameResultAsAnUninterruptedOne() throws IOException {
        RunDirectory reference = RunDirectory.at(dir.resolve("reference"));
        RunResult whole = training(reference, ImageTransform.identity(), "adam").build().run();

        // 13 batches of 32 per epoch: image 400 + 5 * 32 + 7 is in batch 6 of epoch 2
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        IllegalStateException crash = assertThrows(IllegalStateException.class,
                () -> training(run, failingAt(400 + 5 * 32 + 7), "adam").build().run());
        assertEquals("injected failure", crash.getMessage());
        assertEquals(2, Files.readAllLines(run.resolve(RunDirectory.METRICS)).size(), "epoch 1's row only");
        assertEquals(1, Checkpoint.readState(run.resolve(Checkpoint.LAST)).get("epoch") instanceof Number n
                ? n.intValue() : -1);

        RunResult resumed = training(run, ImageTransform.identity(), "adam").optResume(true).build().run();
        assertEquals(1, ((Number) resumed.summary().get("resumed_at_epoch")).intValue());
        List<String> csv = Files.readAllLines(run.resolve(RunDirectory.METRICS));
        assertEquals(4, csv.size(), "a header and epochs 1, 2, 3, no duplicates: " + csv);
        for (int e = 1; e <= 3; e++) {
            assertTrue(csv.get(e).startsWith(e + ","), csv.toString());
            for (String key : List.of("train_loss", "train_accuracy", "validate_loss", "lr")) {
                assertEquals(whole.history().get(e - 1).get(key), resumed.history().get(e - 1).get(key), 1e-5,
                        key + " of epoch " + e);
            }
        }
        assertEquals(whole.testAccuracy(), resumed.testAccuracy(), 1e-9);
        assertTrue(Files.exists(run.resolve(Checkpoint.BEST)));
        try (var files = Files.list(run.path())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void earlyStoppingStateAndBestWeightsComeBackOnResume() {
        RunDirectory reference = RunDirectory.at(dir.resolve("reference"));
        EarlyStopping a = EarlyStopping.builder().monitor("validate_accuracy").patience(5).optRestoreBestWeights(true)
                .build();
        RunResult whole = training(reference, ImageTransform.identity(), "momentum", a).build().run();

        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        EarlyStopping b1 = EarlyStopping.builder().monitor("validate_accuracy").patience(5).optRestoreBestWeights(true)
                .build();
        assertThrows(IllegalStateException.class,
                () -> training(run, failingAt(2 * 400 + 50), "momentum", b1).build().run()); // in epoch 3
        EarlyStopping b2 = EarlyStopping.builder().monitor("validate_accuracy").patience(5).optRestoreBestWeights(true)
                .build();
        RunResult resumed = training(run, ImageTransform.identity(), "momentum", b2).optResume(true).build().run();
        assertEquals(a.bestEpoch(), b2.bestEpoch());
        assertEquals(whole.summary().get("best_validate_accuracy"), resumed.summary().get("best_validate_accuracy"));
        assertEquals(whole.testAccuracy(), resumed.testAccuracy(), 1e-9, "tested with the same restored weights");
    }

    @Test
    void aFinishedRunResumesWithoutTrainingAgainAndResumingNothingStartsAfresh() {
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        RunResult first = training(run, ImageTransform.identity(), "adam").build().run();
        RunResult again = training(run, ImageTransform.identity(), "adam").optResume(true).build().run();
        assertEquals(3, again.history().size());
        assertEquals(first.testAccuracy(), again.testAccuracy(), 1e-9);

        RunDirectory empty = RunDirectory.at(dir.resolve("empty"));
        assertEquals(3, training(empty, ImageTransform.identity(), "adam").optResume(true).build().run().history()
                .size());
        assertEquals("checkpoint " + run.resolve(Checkpoint.LAST) + " is of mlp trained with adam, not of mlp with sgd",
                assertThrows(IllegalArgumentException.class, () -> training(run, ImageTransform.identity(), "sgd")
                        .optResume(true).build().run()).getMessage());
    }

    @Test
    void anInterruptedWriteLeavesThePreviousCheckpointWhole() throws IOException {
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        training(run, ImageTransform.identity(), "adam").build().run();
        Path last = run.resolve(Checkpoint.LAST);
        byte[] before = Files.readAllBytes(last);
        // a writer killed half way leaves its temporary file; the checkpoint itself is untouched
        Files.write(run.resolve("." + Checkpoint.LAST + ".tmp"), java.util.Arrays.copyOf(before, before.length / 2));
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(3, Checkpoint.read(last, m).epoch());
            Path cut = dir.resolve("cut.ckpt");
            Files.write(cut, java.util.Arrays.copyOf(before, before.length / 2));
            String message = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(cut, m)).getMessage();
            assertTrue(message.startsWith("cannot read checkpoint " + cut), message);
            assertEquals("no checkpoint at " + dir.resolve("none.ckpt"), assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.read(dir.resolve("none.ckpt"), m)).getMessage());
        }
        // the next epoch's checkpoint replaces the file and the leftover
        training(run, ImageTransform.identity(), "adam").epochs(4).optResume(true).build().run();
        assertFalse(Files.exists(run.resolve("." + Checkpoint.LAST + ".tmp")));
        assertEquals(4, ((Number) Checkpoint.readState(last).get("epoch")).intValue());
    }

    @Test
    void aCheckpointLoadsIntoAFreshNetworkForFineTuning() throws IOException {
        RunDirectory run = RunDirectory.at(dir.resolve("run"));
        training(run, ImageTransform.identity(), "adam").epochs(1).build().run();
        ClassifierBlock fresh = mlp();
        try (NDManager m = NDManager.newBaseManager()) {
            fresh.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Checkpoint.loadParameters(run.resolve(Checkpoint.BEST), fresh);
            Checkpoint c = Checkpoint.read(run.resolve(Checkpoint.BEST), m);
            for (Pair<String, Parameter> p : fresh.getParameters()) {
                assertEquals(c.parameters("mlp").get(p.getKey()), p.getValue().getArray(), p.getKey());
            }
            ClassifierBlock other = new ClassifierBlock(Blocks.batchFlattenBlock(), Blocks.identityBlock(),
                    Linear.builder().setUnits(10).build());
            other.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28));
            String message = assertThrows(IllegalArgumentException.class, () -> c.copyParametersInto(other))
                    .getMessage();
            assertTrue(message.startsWith("the checkpoint does not fit this network: parameter "), message);
        }
    }

    static String[] optimizers() {
        return OptimizerSettings.NAMES;
    }

    /** The state read out of an optimizer and put into a fresh one gives the same next step. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void optimizerStateRoundTripsForEveryName(String name) {
        OptimizerSettings settings = OptimizerSettings.of(name, 0.01f, 1e-3f);
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager(); Model a = Model.newInstance("a");
                Model b = Model.newInstance("b")) {
            NDArray x = m.randomNormal(new Shape(16, 6));
            NDArray y = x.sum(new int[] {1}, true);
            a.setBlock(new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation.tanhBlock())
                    .add(Linear.builder().setUnits(1).build()));
            b.setBlock(new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(Activation.tanhBlock())
                    .add(Linear.builder().setUnits(1).build()));
            Optimizer first = settings.build();
            try (Trainer ta = a.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(first))) {
                ta.initialize(x.getShape());
                for (int i = 0; i < 3; i++) {
                    step(ta, x, y);
                }
                Map<String, NDArray> state = OptimizerState.export(first, a.getBlock());
                assertEquals(expectedStateArrays(name) * 4, state.size(), "state arrays: " + state.keySet());
                Optimizer second = settings.build(3);
                try (Trainer tb = b.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(second))) {
                    tb.initialize(x.getShape());
                    var pa = a.getBlock().getParameters();
                    var pb = b.getBlock().getParameters();
                    for (int i = 0; i < pa.size(); i++) {
                        pb.get(i).getValue().getArray().set(pa.get(i).getValue().getArray().toByteBuffer());
                    }
                    OptimizerState.restore(second, b.getBlock(), state);
                    Map<String, NDArray> back = OptimizerState.export(second, b.getBlock());
                    assertEquals(state.keySet(), back.keySet());
                    for (String k : state.keySet()) {
                        assertTrue(state.get(k).allClose(back.get(k), 0, 0, false), "restored " + k);
                    }
                    step(ta, x, y);
                    step(tb, x, y);
                    for (int i = 0; i < pa.size(); i++) {
                        NDArray wa = pa.get(i).getValue().getArray();
                        NDArray wb = pb.get(i).getValue().getArray();
                        assertTrue(wa.allClose(wb, 0, 0, false), name + ": " + pa.get(i).getKey());
                    }
                    // without the state the fourth step differs (for all but plain SGD, which has none)
                    if (expectedStateArrays(name) > 0) {
                        assertFalse(state.values().stream().allMatch(s -> s.abs().sum().getFloat() == 0));
                    }
                }
            }
        }
    }

    private static int expectedStateArrays(String name) {
        return switch (name) {
            case "sgd", "rmsprop" -> name.equals("sgd") ? 0 : 1; // rmsprop: square averages only, by default
            case "momentum", "nesterov", "adagrad" -> 1;
            default -> 2; // adam, adamw: first and second moments
        };
    }

    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray loss = trainer.getLoss().evaluate(new ai.djl.ndarray.NDList(y), trainer.forward(
                    new ai.djl.ndarray.NDList(x)));
            gc.backward(loss);
        }
        trainer.step();
    }
}
