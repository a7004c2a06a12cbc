package dev.classicnets.common.cli;

import dev.classicnets.common.data.DatasetNotFoundException;
import dev.classicnets.common.train.TrainingDivergedException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Runs a recipe from {@code main}: parses options, and turns expected failures into one clear line. */
public final class Recipes {
    private Recipes() {}

    /** Executes {@code recipe} (a picocli command) and returns its exit code. */
    public static int execute(Object recipe, String... args) {
        CommandLine cli = new CommandLine(recipe);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof DatasetNotFoundException
                    || e instanceof TrainingDivergedException || e instanceof NoSuchFileException
                    || e instanceof UncheckedIOException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** {@link #execute} then exit with its code. */
    public static void main(Object recipe, String... args) {
        System.exit(execute(recipe, args));
    }
}
