package dev.classicnets.vaegan;

/** The module's one argument check: an {@link IllegalArgumentException} with one sentence. */
final class Require {
    private Require() {}

    static void that(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
