package dev.classicnets.common.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import dev.classicnets.common.augment.ImageTransform;
import dev.classicnets.common.data.ImageBatches;
import dev.classicnets.common.testing.ToyAdversarialTask;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TaskSteps runs a task's step as the loop does: one epoch on the same batches leaves the same networks. */
class TaskStepsTest {

    private static ImageBatches batches() {
        return ImageBatches.builder().source(ToyAdversarialTask.data(96, 1)).batchSize(16).optShuffle(false)
                .optTransform(ImageTransform.identity()).build();
    }

    @Test
    void oneEpochOfStepsLeavesTheNetworksTheLoopLeaves() {
        try (RunResult loop = TrainingLoop.builder().task(new ToyAdversarialTask()).optName("toy-gan")
                .trainData(batches()).epochs(1).optSeed(7).optProgress(false).build().run();
                TaskSteps steps = new TaskSteps(new ToyAdversarialTask(), 7);
                NDManager manager = NDManager.newBaseManager()) {
            int n = 0;
            for (Batch b : batches().getData(manager)) {
                Map<String, Double> metrics = steps.step(b);
                assertEquals(new ToyAdversarialTask().trainMetrics().size(), metrics.size(), "metrics of step " + n);
                b.close();
                n++;
            }
            assertEquals(6, n);
            for (String name : new String[] {"generator", "discriminator"}) {
                Block ours = steps.networks().block(name);
                Block theirs = loop.network(name);
                var a = ours.getParameters();
                var b = theirs.getParameters();
                assertEquals(b.keys(), a.keys(), name);
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(b.valueAt(i).getArray().toFloatArray(), a.valueAt(i).getArray().toFloatArray(),
                            1e-6f, name + " " + a.keyAt(i));
                }
            }
        }
    }
}
