package io.secmlops.detector.adversarial.transform;

import java.awt.image.BufferedImage;

/** Conversions between images and the HWC RGB float layout of {@link ImageTransform}, and the checks every transform shares. */
public final class Pixels {
    private Pixels() {
    }

    /** The image's pixels as {@code height x width x 3} floats 0..255 (alpha dropped). */
    public static float[] fromImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] hwc = new float[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            hwc[3 * i] = (p >> 16) & 0xff;
            hwc[3 * i + 1] = (p >> 8) & 0xff;
            hwc[3 * i + 2] = p & 0xff;
        }
        return hwc;
    }

    /** An 8-bit RGB image: each value clamped to 0..255 and rounded to the nearest integer. */
    public static BufferedImage toImage(float[] hwc, int width, int height) {
        check(hwc, width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (toByte(hwc[3 * i]) << 16) | (toByte(hwc[3 * i + 1]) << 8) | toByte(hwc[3 * i + 2]);
        }
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    static int toByte(float v) {
        return (int) Math.round(clamp(v));
    }

    /** Into 0..255; NaN becomes 0 so that no transform can hand NaN to a model. */
    static float clamp(double v) {
        if (!(v > 0)) {
            return 0f;
        }
        return v >= 255 ? 255f : (float) v;
    }

    /** Transforms receive arrays from code, not users: a wrong size is a programming error. */
    static void check(float[] hwc, int width, int height) {
        if (width <= 0 || height <= 0 || hwc == null || hwc.length != (long) width * height * 3) {
            throw new IllegalArgumentException("expected " + width + "x" + height + "x3 = " + ((long) width * height * 3)
                    + " floats (HWC RGB), got " + (hwc == null ? "null" : hwc.length));
        }
    }
}
