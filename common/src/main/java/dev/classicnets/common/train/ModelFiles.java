package dev.classicnets.common.train;

import ai.djl.Model;
import dev.classicnets.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Saving a model's parameters so that an interrupted save never leaves a broken file. */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * Writes {@code <dir>/<name>-<epoch>.params} (DJL's format, loadable with {@code Model.load})
     * through a temporary folder and a rename.
     *
     * @return the file written
     */
    public static Path saveAtomically(Model model, Path dir, String name, int epoch) throws IOException {
        Path tmpDir = Files.createTempDirectory(dir, ".saving-");
        try {
            model.setProperty("Epoch", Integer.toString(epoch));
            model.save(tmpDir, name);
            String file = String.format(Locale.ROOT, "%s-%04d.params", name, epoch);
            Path target = dir.resolve(file);
            AtomicFiles.moveIntoPlace(tmpDir.resolve(file), target);
            return target;
        } finally {
            try (var left = Files.list(tmpDir)) {
                for (Path p : (Iterable<Path>) left::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmpDir);
        }
    }
}
