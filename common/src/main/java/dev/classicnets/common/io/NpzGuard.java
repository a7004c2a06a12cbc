package dev.classicnets.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks an npz file's array types before DJL's {@code NDList.decode} reads it: DJL 0.35.1 maps int16 and the
 * unsigned types wider than a byte to data types its PyTorch engine cannot create, and creating one aborts the
 * JVM, so such a file is refused here with a sentence instead.
 */
final class NpzGuard {

    /** numpy's descr codes that DJL reads into a type the PyTorch engine holds. */
    private static final Set<String> HELD = Set.of("f4", "f8", "f2", "u1", "i1", "i4", "i8", "b1");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z]\\d+)'");

    private NpzGuard() {}

    static void check(Path file) throws IOException {
        try (ZipFile zip = TorchZipFormat.openZip(file)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.getName().endsWith(".npy")) {
                    throw new IllegalArgumentException(file + " is a zip but not an npz file: it holds "
                            + entry.getName());
                }
                String header;
                try (InputStream in = zip.getInputStream(entry)) {
                    header = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1);
                }
                Matcher m = DESCR.matcher(header);
                if (!m.find()) {
                    throw new IllegalArgumentException(file + ": " + entry.getName() + " has no numpy header");
                }
                if (!HELD.contains(m.group(2))) {
                    throw new IllegalArgumentException(file + ": " + entry.getName() + " has numpy type " + m.group(1)
                            + m.group(2) + ", which DJL's PyTorch engine cannot hold; expected one of " + HELD);
                }
            }
        }
    }
}
