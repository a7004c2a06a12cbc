package dev.classicnets.benchmarks;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Structure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Where this process's resident memory is: the whole (VmRSS), the part of it inside the Java heap's reserved
 * range (from /proc/self/smaps and the range the JVM's {@code GC.heap_info} prints), and glibc malloc's own
 * account of what libtorch and the JVM hold ({@code mallinfo2}: bytes in use, bytes free but kept). All in MB;
 * NaN where a source is missing (no /proc, not glibc 2.33+, another JVM).
 */
final class ProcessMemory {

    private static final Pattern HEAP_RANGE = Pattern.compile("\\[(0x[0-9a-f]+), (0x[0-9a-f]+)\\)");
    private static final double MB = 1048576.0;

    /** One sample. */
    record Sample(double resident, double heapResident, double heapUsed, double mallocInUse, double mallocFree) {}

    private ProcessMemory() {}

    static Sample sample() {
        Runtime rt = Runtime.getRuntime();
        double[] malloc = mallinfo();
        return new Sample(statusKilobytes("VmRSS:") / 1024.0, heapResident(),
                (rt.totalMemory() - rt.freeMemory()) / MB, malloc[0], malloc[1]);
    }

    /** {@code mallinfo2}: in use (arena chunks + mmapped chunks) and free (kept in the arenas), in MB. */
    private static double[] mallinfo() {
        try {
            Function f = NativeLibrary.getInstance("c").getFunction("mallinfo2");
            MallInfo2 m = (MallInfo2) f.invoke(MallInfo2.class, new Object[0]);
            return new double[] {(m.uordblks + m.hblkhd) / MB, m.fordblks / MB};
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** glibc's {@code struct mallinfo2} (malloc.h, glibc 2.33+): ten {@code size_t} fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    /** Resident kilobytes of the mappings that start inside the Java heap's reserved range. */
    private static double heapResident() {
        try {
            String info = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {null}, new String[] {String[].class.getName()});
            Matcher m = HEAP_RANGE.matcher(info);
            if (!m.find()) {
                return Double.NaN;
            }
            long lo = Long.parseUnsignedLong(m.group(1).substring(2), 16);
            long hi = Long.parseUnsignedLong(m.group(2).substring(2), 16);
            long kb = 0;
            boolean inside = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                int space = line.indexOf(' ');
                if (space > 0 && line.charAt(space - 1) != ':') { // a mapping's header: "start-end perms ..."
                    long start = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
                    inside = Long.compareUnsigned(start, lo) >= 0 && Long.compareUnsigned(start, hi) < 0;
                } else if (inside && line.startsWith("Rss:")) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return kb / 1024.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A kilobyte field of /proc/self/status (NaN where there is none). */
    static double statusKilobytes(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
