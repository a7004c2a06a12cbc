package dev.classicnets.benchmarks;

import dev.classicnets.common.cli.Recipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One training epoch of a recipe's cpu preset, run as a user runs it (the recipe with {@code --epochs
 * 1 --validation 0 --limit N}: its data, transforms, pipeline, network, optimizer and the loop); the
 * epoch's {@code seconds} and {@code data_seconds} are read back from its metrics.csv, so the test pass
 * and the reports that follow the epoch are not timed.
 */
final class RecipeEpoch implements Runner {

    private final Supplier<Object> recipe;
    private final List<String> args;
    private final long parameters;
    private final Path runs;
    private int round;
    private double seconds = Double.NaN;
    private double dataSeconds = Double.NaN;

    RecipeEpoch(Supplier<Object> recipe, int images, long parameters) {
        this.recipe = recipe;
        this.parameters = parameters;
        this.args = new ArrayList<>(Arrays.asList("--preset", "cpu", "--epochs", "1", "--validation", "0"));
        if (images > 0) {
            args.addAll(List.of("--limit", Integer.toString(images)));
        }
        try {
            runs = Files.createTempDirectory("bench-epoch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Float step() {
        Path out = runs.resolve("run-" + round++);
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--out", out.toString()));
        int code = Recipes.execute(recipe.get(), a.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("the recipe failed (exit code " + code + ") with " + a);
        }
        try {
            List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
            List<String> header = Arrays.asList(csv.get(0).split(","));
            String[] row = csv.get(1).split(",");
            seconds = Double.parseDouble(row[header.indexOf("seconds")]);
            dataSeconds = Double.parseDouble(row[header.indexOf("data_seconds")]);
            return Float.parseFloat(row[header.indexOf("train_loss")]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public double measuredSeconds() {
        return seconds;
    }

    @Override
    public double dataSeconds() {
        return dataSeconds;
    }

    @Override
    public long parameters() {
        return parameters;
    }

    @Override
    public void close() {}
}
