package dev.classicnets.common.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (LeCun's MNIST format): unsigned-byte data with its dimensions. Reads plain or
 * gzip-compressed files (told apart by content, not by name) and checks the magic number, the
 * dimensions and the exact length, so a truncated or foreign file is one clear {@link IOException}
 * naming the file and what is wrong.
 *
 * @param path the file read
 * @param dims the dimensions, e.g. [60000, 28, 28] for images or [60000] for labels
 * @param data the values, row-major, unsigned bytes
 */
public record IdxFile(Path path, int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;
    /** Larger than any MNIST-family file, small enough to refuse a corrupt header's huge claim. */
    private static final long MAX_ELEMENTS = 1L << 31;

    /** Reads and validates {@code path}. */
    public static IdxFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "IDX file not found");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(path, maybeGunzip(raw));
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(path + ": corrupt gzip stream (" + e.getMessage() + "); delete it and reinstall", e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 2);
        int b0 = p.read();
        int b1 = p.read();
        if (b1 >= 0) {
            p.unread(b1);
        }
        if (b0 >= 0) {
            p.unread(b0);
        }
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(p, 1 << 16) : p;
    }

    private static IdxFile read(Path path, InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new IOException(path + ": not an IDX file (only " + header.length + " bytes)");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new IOException(String.format(
                    "%s: not an IDX file (magic number starts 0x%02x%02x, expected 0x0000)",
                    path, header[0] & 0xff, header[1] & 0xff));
        }
        int type = header[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IOException(String.format(
                    "%s: IDX data type 0x%02x is not supported (expected 0x08, unsigned byte)", path, type));
        }
        int rank = header[3] & 0xff;
        if (rank < 1 || rank > 4) {
            throw new IOException(path + ": IDX file claims " + rank + " dimensions (expected 1 to 4)");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IOException(path + ": truncated IDX header (" + (4 + dimBytes.length)
                    + " bytes, expected " + (4 + 4 * rank) + ")");
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] <= 0) {
                throw new IOException(path + ": IDX dimension " + i + " is " + dims[i] + " (expected > 0)");
            }
            elements *= dims[i];
            if (elements >= MAX_ELEMENTS) {
                throw new IOException(path + ": IDX dimensions " + Arrays.toString(dims) + " are implausibly large");
            }
        }
        byte[] data = in.readNBytes((int) elements);
        if (data.length < elements) {
            throw new IOException(String.format("%s: truncated: dimensions %s need %,d data bytes, found %,d",
                    path, Arrays.toString(dims), elements, data.length));
        }
        if (in.read() >= 0) {
            throw new IOException(String.format("%s: %,d data bytes expected for dimensions %s, but the file is longer",
                    path, elements, Arrays.toString(dims)));
        }
        return new IdxFile(path, dims, data);
    }

    /** The number of items (the first dimension). */
    public int count() {
        return dims[0];
    }
}
