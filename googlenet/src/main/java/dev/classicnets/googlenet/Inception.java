package dev.classicnets.googlenet;

import java.util.Arrays;
import java.util.Locale;

/** The two forms of the inception module (Szegedy et al. 2014, Figure 2). */
public enum Inception {
    /**
     * Figure 2(a): 1x1, 3x3 and 5x5 convolutions and a 3x3 max pool side by side on the input,
     * concatenated. The pooling branch keeps every input channel, so the width grows module by
     * module and the 3x3 and 5x5 convolutions run on ever wider inputs: the cost the paper's
     * reductions remove.
     */
    NAIVE,
    /**
     * Figure 2(b), the network's module: 1x1 reductions in front of the 3x3 and 5x5
     * convolutions, and a 1x1 projection after the max pool.
     */
    REDUCED;

    /** Parses a command-line value, {@code naive} or {@code reduced}, ignoring case. */
    public static Inception of(String name) {
        for (Inception form : values()) {
            if (form.name().equalsIgnoreCase(name)) {
                return form;
            }
        }
        throw new IllegalArgumentException("unknown inception form '" + name + "'; allowed: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
