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
            // 256 MiB from libtorch, through malloc (mmap above 32 MiB); other threads (the JIT's compilers) free
            // and allocate meanwhile: 64 MiB once showed as 57.5 MB more, with 6.5 MB more free
            NDArray big = m.zeros(new Shape(64, 1024, 1024));
            ProcessMemory.Sample with = ProcessMemory.sample();
            assertTrue(with.mallocInUse() - before.mallocInUse() > 224, "256 MiB more in use: " + before + " -> " + with);
            big.close();
        }
    }
}
