package dev.classicnets.common;

/** The project's one argument check: an {@link IllegalArgumentException} with one sentence naming the value. */
public final class Require {
    private Require() {}

    /** Throws {@code IllegalArgumentException(message)} unless {@code ok}. */
    public static void that(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
