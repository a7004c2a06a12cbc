package dev.classicnets.common.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets glibc's {@code malloc} to keep the memory libtorch frees for reuse, instead of handing it back to the
 * kernel after each training step. The training loop (and everything built through it) calls
 * {@link #keepFreedMemory()} before it builds a network; a program that drives DJL itself can call it once.
 *
 * <p>Why: libtorch takes every activation and gradient buffer from {@code malloc}. glibc's default trim
 * threshold follows its dynamic mmap threshold (twice the largest chunk freed so far, at most 64 MiB), and
 * when more than that is free at the top of a heap, {@code free} returns it to the kernel
 * ({@code madvise(MADV_DONTNEED)}). Whether a step's buffers end up there depends on where the process's
 * long-lived allocations happen to sit, so it differs from one JVM to the next: measured on a 2-core VM, the
 * LeNet-5 training step (batch 128) ran at 45-53 ms in 5 of 11 JVMs, page-faulting 3,000-4,000 times a step
 * to get the same memory back, and at 10-13 ms in the others. With the thresholds fixed here it ran at
 * 10-13 ms in 11 JVMs of 11, with about 15 faults per step. Preloading jemalloc or tcmalloc (which PyTorch's
 * CPU tuning guide suggests) is another way out; this one needs nothing outside the JVM.
 *
 * <p>The settings: blocks of up to 32 MiB (glibc's own cap for its dynamic threshold) come from the heap, larger
 * ones from {@code mmap} as before; free memory is returned once more than 1 GiB of it sits at the top of the
 * main heap, and a top pad of 64 MiB. The pad is for the other threads' arenas, made of heaps of at most
 * 64 MiB each: glibc unmaps a heap as soon as it is empty, whatever the trim threshold, unless the pad would
 * not fit in the heap before it. Measured: 60 arrays of 2 MiB made and freed ten times by one Java thread
 * faulted 1,540-2,050 pages in every other round without the pad, 0-14 with it. A process's resident size then
 * stays at its peak instead of falling back between steps; the pad itself is address space, touched only
 * when used. Nothing is changed on a system without glibc, when the environment already sets
 * {@code MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TOP_PAD_} or a
 * {@code glibc.malloc} tunable (the user's choice stands), or with {@code -Dclassicnets.malloc=default}.
 */
public final class NativeAllocator {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);

    /** glibc's {@code mallopt} parameters (malloc.h). */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;
    /** Blocks up to this size come from the heap: glibc's cap for its dynamic mmap threshold on 64-bit. */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    /** glibc's largest heap of a thread's arena on 64-bit (HEAP_MAX_SIZE): no empty heap is unmapped. */
    static final int TOP_PAD = 64 << 20;
    /** {@code -Dclassicnets.malloc=default} leaves glibc's settings alone. */
    public static final String PROPERTY = "classicnets.malloc";

    /** What {@link #keepFreedMemory()} did. */
    public enum Outcome {
        /** The thresholds are set (now or by an earlier call). */
        SET,
        /** Left alone: {@code -Dclassicnets.malloc=default}. */
        LEFT_BY_PROPERTY,
        /** Left alone: the environment already configures glibc's malloc. */
        LEFT_BY_ENVIRONMENT,
        /** Not glibc (another OS or C library), or mallopt refused: nothing to set. */
        UNAVAILABLE
    }

    private static Outcome outcome;

    private NativeAllocator() {}

    /** Sets the thresholds once per process; later calls return the first call's outcome. */
    public static synchronized Outcome keepFreedMemory() {
        if (outcome == null) {
            outcome = apply(System.getProperty(PROPERTY, ""), System.getenv());
            LOG.debug("glibc malloc: {}", outcome);
        }
        return outcome;
    }

    static Outcome apply(String property, Map<String, String> environment) {
        if ("default".equals(property.toLowerCase(Locale.ROOT))) {
            return Outcome.LEFT_BY_PROPERTY;
        }
        if (!property.isEmpty()) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be 'default' (leave glibc's malloc "
                    + "settings alone) or unset, got '" + property + "'");
        }
        if (configuresMalloc(environment)) {
            return Outcome.LEFT_BY_ENVIRONMENT;
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Outcome.UNAVAILABLE;
        }
        try {
            NativeLibrary c = NativeLibrary.getInstance("c");
            c.getFunction("gnu_get_libc_version"); // glibc only: musl has a mallopt that does nothing
            Function mallopt = c.getFunction("mallopt");
            // mallopt returns 1 on success; the mmap threshold first, as setting either fixes both
            boolean set = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
            return set ? Outcome.SET : Outcome.UNAVAILABLE;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("glibc malloc settings not available: {}", e.toString());
            return Outcome.UNAVAILABLE;
        }
    }

    /** Whether the environment sets glibc's malloc thresholds itself (MALLOC_*_ or GLIBC_TUNABLES). */
    static boolean configuresMalloc(Map<String, String> environment) {
        return environment.containsKey("MALLOC_TRIM_THRESHOLD_") || environment.containsKey("MALLOC_MMAP_THRESHOLD_")
                || environment.containsKey("MALLOC_TOP_PAD_")
                || environment.getOrDefault("GLIBC_TUNABLES", "").contains("glibc.malloc.");
    }
}
