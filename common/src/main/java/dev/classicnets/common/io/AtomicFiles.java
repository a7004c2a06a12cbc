package dev.classicnets.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written whole or not at all: into a temporary file beside the target, then renamed onto it,
 * so a run killed at any moment leaves the previous version intact and never a half-written one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The temporary file a write of {@code target} goes through ({@code .name.tmp} in the same folder). */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        Path tmp = temporaryFor(target);
        try {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code from} onto {@code to} atomically. */
    public static void copy(Path from, Path to) {
        Path tmp = temporaryFor(to);
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(tmp, to);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code tmp} onto {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes a temporary file left by a failed write; a failure to remove it is not an error of its own. */
    public static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write's own error is the one to report
        }
    }
}
