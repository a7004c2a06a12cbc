package dev.classicnets.common.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.classicnets.common.data.DatasetNotFoundException;
import dev.classicnets.common.train.RunDirectory;
import dev.classicnets.common.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a recipe from {@code main}: parses options, and turns expected failures into one clear line.
 * {@code --resume DIR} runs with the command line DIR's run was started with (recorded in its
 * config.json), the options given beside {@code --resume} replacing the recorded ones.
 */
public final class Recipes {
    /** The config.json key holding a run's command line. */
    static final String COMMAND_LINE = "command_line";

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
        // picocli's own line for a command line it cannot parse, without the 60 lines of usage after it
        cli.setParameterExceptionHandler((e, given) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see --help)");
            return 2;
        });
        String[] effective;
        try {
            effective = resumed(cli.getCommandSpec(), args);
        } catch (IllegalArgumentException e) {
            cli.getErr().println("error: " + e.getMessage());
            return 2;
        }
        return cli.execute(effective);
    }

    /** {@link #execute} then exit with its code. */
    public static void main(Object recipe, String... args) {
        System.exit(execute(recipe, args));
    }

    /**
     * {@code args} as they stand, or, with {@code --resume DIR}, DIR's recorded command line with the
     * options of {@code args} put in place of the recorded ones.
     */
    static String[] resumed(CommandSpec spec, String[] args) {
        Map<String, List<String>> given = groups(spec, List.of(args));
        List<String> resume = given.get("--resume");
        if (resume == null || resume.size() < 2) {
            return args; // no --resume, or one without its value: picocli says so
        }
        Path dir = Path.of(resume.get(1));
        Path config = dir.resolve(RunDirectory.CONFIG);
        JsonElement recorded;
        try {
            JsonObject json = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            recorded = json.get(COMMAND_LINE);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot resume " + dir + ": it has no " + RunDirectory.CONFIG
                    + " (is it the run directory of a recipe?)");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot resume " + dir + ": " + config + " is unreadable ("
                    + e.getMessage() + ")");
        }
        if (recorded == null || !recorded.isJsonArray()) {
            throw new IllegalArgumentException("cannot resume " + dir + ": its " + RunDirectory.CONFIG
                    + " does not record the command line (written by an older version?)");
        }
        List<String> old = new ArrayList<>();
        for (JsonElement e : (JsonArray) recorded) {
            old.add(e.getAsString());
        }
        Map<String, List<String>> merged = groups(spec, old);
        merged.remove("--out"); // the run directory is DIR
        merged.keySet().removeAll(given.keySet());
        merged.putAll(given);
        List<String> out = new ArrayList<>();
        merged.values().forEach(out::addAll);
        return out.toArray(String[]::new);
    }

    /** The command line of this run without {@code --resume} and its value: what a resume replays. */
    static List<String> withoutResume(CommandSpec spec) {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        Map<String, List<String>> groups = groups(spec, original);
        groups.remove("--resume");
        List<String> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    /**
     * The arguments grouped by option (its longest name): the option token and its value, if it takes
     * one and it is not written {@code --name=value}. Unknown tokens stay as they are, for picocli to report.
     */
    private static Map<String, List<String>> groups(CommandSpec spec, List<String> args) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            int eq = token.indexOf('=');
            OptionSpec option = token.startsWith("-") ? spec.findOption(eq > 0 ? token.substring(0, eq) : token) : null;
            if (option == null) {
                groups.put("\0" + i, List.of(token));
                continue;
            }
            List<String> group = new ArrayList<>(List.of(token));
            if (eq < 0 && option.arity().max() > 0 && i + 1 < args.size()) {
                group.add(args.get(++i));
            }
            groups.put(option.longestName(), group);
        }
        return groups;
    }
}
