package dev.classicnets.unet;

/**
 * Which input sides the paper's unpadded U-Net takes: every 3x3 convolution loses 2 pixels, so each
 * 2x2 pooling must meet an even size (572 -> 388 at depth 4; 188 is the smallest).
 */
final class PaperSizes {
    private PaperSizes() {}

    /**
     * The output side of the unpadded network for an input side, or -1 where a pooling would meet an odd
     * size or a map would vanish (572 -> 388 at depth 4).
     */
    static int outputSize(int input, int depth) {
        int s = input;
        for (int level = 0; level < depth; level++) {
            s -= 4;
            if (s < 2 || s % 2 != 0) {
                return -1;
            }
            s /= 2;
        }
        s -= 4;
        if (s < 1) {
            return -1;
        }
        for (int level = 0; level < depth; level++) {
            s = 2 * s - 4;
        }
        return s;
    }

    /** Refuses a side the unpadded network cannot take, naming the nearest that it can. */
    static void check(long side, int depth) {
        if (outputSize((int) side, depth) > 0) {
            return;
        }
        int below = (int) side;
        while (below > 0 && outputSize(below, depth) < 0) {
            below--;
        }
        int above = (int) side + 1;
        while (outputSize(above, depth) < 0) {
            above++;
        }
        throw new IllegalArgumentException("the unpadded U-Net of depth " + depth + " needs an input side whose maps "
                + "stay even at every pooling, got " + side + "; the nearest are " + (below > 0 ? below + " and " : "")
                + above + " (572 gives 388), or use the padded network");
    }
}
