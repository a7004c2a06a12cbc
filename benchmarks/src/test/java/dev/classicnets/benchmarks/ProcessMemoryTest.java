package dev.classicnets.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The memory case's sources parse on this system (Linux, glibc 2.33+, HotSpot), and malloc's count moves. */
class ProcessMemoryTest {

    @Test
    void splitsResidentMemoryAndSeesLibtorchAllocate() {
        ProcessMemory.Sample before = ProcessMemory.sample();
        assertTrue(before.resident() > 0, "VmRSS read: " + before);
        assertTrue(before.heapResident() > 0 && before.heapResident() < before.resident(),
                "the Java heap's part of the resident size, from smaps and GC.heap_info: " + before);
        assertTrue(before.mallocInUse() > 0 && before.mallocFree() >= 0, "mallinfo2: " + before);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray big = m.zeros(new Shape(16, 1024, 1024)); // 64 MiB from libtorch, through malloc (mmap above 32 MiB)
            ProcessMemory.Sample with = ProcessMemory.sample();
            assertTrue(with.mallocInUse() - before.mallocInUse() > 60, "64 MiB more in use: " + before + " -> " + with);
            big.close();
        }
    }
}
