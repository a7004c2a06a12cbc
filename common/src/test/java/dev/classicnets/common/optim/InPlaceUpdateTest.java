package dev.classicnets.common.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The optimizers update the weight itself and allocate (almost) nothing per update. */
class InPlaceUpdateTest {

    @Test
    void anUpdateChangesTheWeightItselfAndLeavesNothingInItsManager() {
        List<Optimizer> all = new ArrayList<>(OptimizersMatchTorchTest.allOfOurs());
        all.add(TorchSgd.builder().optLearningRate(0.1f).optMomentum(0.9f).optClipGrad(1f).build());
        all.add(TorchAdam.builder().optClipGrad(0.5f).optWeightDecays(0.1f).build());
        for (Optimizer optimizer : all) {
            String name = optimizer.getClass().getSimpleName();
            try (NDManager params = NDManager.newBaseManager(); NDManager grads = NDManager.newBaseManager()) {
                // (value clipping, the one option that makes temporaries, must leave nothing behind either)
                NDArray w = params.create(new float[] {1, -2, 3, 0.5f}, new Shape(2, 2));
                long handle = ((PtNDArray) w).getHandle();
                int before = params.getManagedArrays().size();
                float[] start = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    NDArray g = grads.create(new float[] {0.5f, 0.5f, -1, 2}, new Shape(2, 2));
                    optimizer.update("w", w, g);
                    assertEquals(before, params.getManagedArrays().size(), name + ", update " + (i + 1));
                }
                assertSame(w, params.getManagedArrays().stream().filter(a -> a == w).findFirst().orElseThrow());
                assertEquals(handle, ((PtNDArray) w).getHandle(), name);
                assertFalse(java.util.Arrays.equals(start, w.toFloatArray()), name + " did not change the weight");
            }
        }
    }

    /**
     * A 64 MB parameter: above glibc's largest mmap threshold (32 MB), so any full-size array an update
     * makes is mapped afresh and page-faulted in, which the process's minor-fault count shows: none for the
     * SGD family, at most one (the square root, with DJL's operations; none fused) for the others. DJL's
     * Adam, with its five temporaries, is the control that shows the probe works. (Value clipping, left out
     * here, makes two.)
     */
    @Test
    void anUpdateOfALargeParameterMapsNoFreshMemory() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux's /proc");
        Shape shape = new Shape(4096, 4096);
        long pages = shape.size() * 4 / 4096;
        for (Optimizer optimizer : OptimizersMatchTorchTest.allOfOurs()) {
            long faults = faultsOfSecondUpdate(optimizer, shape);
            // the rules with a square root make it as the one temporary (TorchOptimizer.squareRoot)
            int temporaries = optimizer instanceof TorchSgd ? 0 : 1;
            assertTrue(faults < (temporaries + 0.25) * pages, optimizer.getClass().getSimpleName() + ": " + faults
                    + " minor page faults in one update of a parameter of " + pages + " pages");
        }
        long djl = faultsOfSecondUpdate(Optimizer.adam().build(), shape);
        assertTrue(djl > 2 * pages, "DJL's Adam: " + djl + " minor faults; the probe no longer sees temporaries");
    }

    private static long faultsOfSecondUpdate(Optimizer optimizer, Shape shape) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.randomNormal(shape);
            NDArray gradient = manager.randomNormal(shape);
            NDArray g = gradient.duplicate();
            optimizer.update("w", w, g); // creates the state (and the workspace)
            g.set(new NDIndex("..."), gradient); // the update overwrote its working memory
            long before = minorFaults();
            optimizer.update("w", w, g);
            return minorFaults() - before;
        }
    }

    /** The process's minor page faults so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
