package dev.classicnets.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files (MNIST's format) for tests, plain or gzipped. */
public final class IdxWriter {
    private IdxWriter() {}

    /** The bytes of an unsigned-byte IDX file with the given dimensions and data. */
    public static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Writes {@code bytes} to {@code path}, gzipped if the name ends in .gz. */
    public static Path write(Path path, byte[] bytes) throws IOException {
        if (path.toString().endsWith(".gz")) {
            try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(path))) {
                os.write(bytes);
            }
        } else {
            Files.write(path, bytes);
        }
        return path;
    }

    /**
     * Writes the four MNIST-family files into {@code dir}: {@code train} and {@code test} images of
     * 28x28 whose class (0..9) is drawn as a bright horizontal band at row 2*class+3, plus noise, so
     * that a network can learn them.
     */
    public static void writeSyntheticMnist(Path dir, int train, int test, boolean gzip) throws IOException {
        Random rng = new Random(7);
        String gz = gzip ? ".gz" : "";
        writeSet(dir, "train", train, rng, gz);
        writeSet(dir, "t10k", test, rng, gz);
    }

    private static void writeSet(Path dir, String prefix, int n, Random rng, String gz) throws IOException {
        byte[] images = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                int v = rng.nextInt(60) + (Math.abs(row - (2 * label + 3)) <= 1 ? 180 : 0);
                images[i * 784 + p] = (byte) Math.min(v, 255);
            }
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), idx(new int[] {n, 28, 28}, images));
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), idx(new int[] {n}, labels));
    }
}
