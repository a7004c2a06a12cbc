package dev.classicnets.googlenet;

/**
 * One row of the paper's Table 1: the filter counts of an inception module.
 *
 * @param name the module's name in the table, e.g. {@code 4a}; its first character is the stage
 * @param n1x1 the 1x1 branch ("#1x1")
 * @param n3x3Reduce the 1x1 reduction in front of the 3x3 ("#3x3 reduce")
 * @param n3x3 the 3x3 branch ("#3x3")
 * @param n5x5Reduce the 1x1 reduction in front of the 5x5 ("#5x5 reduce")
 * @param n5x5 the 5x5 branch ("#5x5")
 * @param poolProj the 1x1 projection after the max pool ("pool proj")
 */
public record InceptionRow(String name, int n1x1, int n3x3Reduce, int n3x3, int n5x5Reduce, int n5x5, int poolProj) {

    /** The stage this module belongs to: 3, 4 or 5. */
    public char stage() {
        return name.charAt(0);
    }

    /**
     * Output channels: the four branches concatenated. The naive module's pooling branch passes
     * all {@code inChannels} through, so naive networks widen with every module.
     */
    public int outChannels(Inception form, int inChannels) {
        int pool = form == Inception.REDUCED ? poolProj : inChannels;
        return n1x1 + n3x3 + n5x5 + pool;
    }
}
