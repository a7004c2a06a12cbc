package dev.classicnets.common.data;

import static dev.classicnets.common.testing.IdxWriter.idx;
import static dev.classicnets.common.testing.IdxWriter.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, (byte) 200, 8, 9, 10, 11, 12};

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        for (String name : new String[] {"a-idx3-ubyte", "b-idx3-ubyte.gz", "gz-without-suffix"}) {
            Path p = dir.resolve(name);
            if (name.startsWith("gz")) {
                write(dir.resolve("tmp.gz"), idx(new int[] {3, 2, 2}, DATA));
                Files.move(dir.resolve("tmp.gz"), p);
            } else {
                write(p, idx(new int[] {3, 2, 2}, DATA));
            }
            IdxFile f = IdxFile.read(p);
            assertArrayEquals(new int[] {3, 2, 2}, f.dims(), name);
            assertArrayEquals(DATA, f.data(), name);
            assertEquals(3, f.count());
        }
    }

    private String error(byte[] bytes) throws IOException {
        Path p = write(dir.resolve("bad-file"), bytes);
        return assertThrows(IOException.class, () -> IdxFile.read(p)).getMessage();
    }

    @Test
    void rejectsForeignFilesByMagicNumber() throws IOException {
        String m = error("<html>not idx</html>".getBytes());
        assertTrue(m.contains("bad-file") && m.contains("not an IDX file"), m);
    }

    @Test
    void rejectsUnsupportedDataType() throws IOException {
        byte[] b = idx(new int[] {3, 2, 2}, DATA);
        b[2] = 0x0D; // float
        String m = error(b);
        assertTrue(m.contains("data type 0x0d is not supported"), m);
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] b = idx(new int[] {3, 2, 2}, DATA);
        String m = error(Arrays.copyOf(b, b.length - 5));
        assertTrue(m.contains("bad-file: truncated: dimensions [3, 2, 2] need 12 data bytes, found 7"), m);
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        String m = error(Arrays.copyOf(idx(new int[] {3, 2, 2}, DATA), 9));
        assertTrue(m.contains("truncated IDX header"), m);
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] b = idx(new int[] {3, 2, 2}, DATA);
        String m = error(Arrays.copyOf(b, b.length + 3));
        assertTrue(m.contains("but the file is longer"), m);
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        Path p = write(dir.resolve("c.gz"), idx(new int[] {3, 2, 2}, DATA));
        byte[] gz = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(gz, gz.length / 2));
        String m = assertThrows(IOException.class, () -> IdxFile.read(p)).getMessage();
        assertTrue(m.contains("c.gz"), m);
    }

    @Test
    void missingFileNamesThePath() {
        Path p = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
