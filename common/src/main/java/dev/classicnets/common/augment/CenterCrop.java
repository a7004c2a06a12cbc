package dev.classicnets.common.augment;

import java.util.Random;

/**
 * The central {@code height x width} window; its top-left corner is at ((H - height) / 2,
 * (W - width) / 2) rounded toward zero (torchvision rounds half to even when cropping, so an odd
 * margin of 3 can put it one pixel further). A window larger than the image pads it with zeros, the
 * odd pixel at the bottom or right, as torchvision does. Values are copied, never interpolated.
 */
public final class CenterCrop implements GeometricTransform {
    private final int height;
    private final int width;

    /**
     * @param height the output height, >= 1
     * @param width the output width, >= 1
     */
    public CenterCrop(int height, int width) {
        this.height = Check.atLeast("CenterCrop", "height", height, 1);
        this.width = Check.atLeast("CenterCrop", "width", width, 1);
    }

    @Override
    public Warp draw(int inHeight, int inWidth, Random rng) {
        if (inHeight == height && inWidth == width) {
            return Warp.identity(height, width);
        }
        int top = (inHeight - height) / 2;
        int left = (inWidth - width) / 2;
        return Warp.shift(inHeight, inWidth, height, width, left, top, 0f);
    }

    @Override
    public String toString() {
        return "CenterCrop(" + height + "x" + width + ")";
    }
}
