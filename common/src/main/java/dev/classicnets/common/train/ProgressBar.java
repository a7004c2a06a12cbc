package dev.classicnets.common.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for an epoch on a terminal ({@code \r} redraws, at most ~5 times a
 * second); without a terminal (CI, a pipe) it prints a line at each 25%, so logs stay short.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastQuarter;

    ProgressBar(PrintStream out, String label, int total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.terminal = terminal;
    }

    /** Whether stdout looks like an interactive terminal. */
    static boolean stdoutIsTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    void update(int done, String status) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw < 200_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            int filled = (int) ((long) WIDTH * done / total);
            double secs = (now - start) / 1e9;
            double eta = done == 0 ? 0 : secs * (total - done) / done;
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s %.0fs<%.0fs  ", label, "=".repeat(filled),
                    " ".repeat(WIDTH - filled), done, total, status, secs, eta);
            out.flush();
        } else {
            int quarter = (int) (4L * done / total);
            if (quarter > lastQuarter && done < total) {
                lastQuarter = quarter;
                out.printf(Locale.ROOT, "%s %d/%d %s%n", label, done, total, status);
            }
        }
    }

    void finish() {
        if (terminal) {
            out.print("\r" + " ".repeat(WIDTH + label.length() + 60) + "\r");
            out.flush();
        }
    }
}
