package io.secmlops.detector.adversarial.transform;

import io.secmlops.detector.TestAssets;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real pixels for the transform tests: a crop of a vtest.avi frame (street, pedestrians, shadows, bright pavement). */
final class Frames {
    static final int W = 320;
    static final int H = 240;

    private Frames() {
    }

    static float[] crop() {
        try {
            BufferedImage frame = ImageIO.read(TestAssets.frame(100).toFile());
            return Pixels.fromImage(frame.getSubimage(200, 150, W, H));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double psnr(float[] a, float[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        double mse = se / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Encodes with ImageIO at {@code quality} and decodes, written here independently of JpegCodec. */
    static float[] imageIoJpeg(float[] hwc, int w, int h, int quality) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                img.setRGB(x, y, (Math.round(hwc[i]) << 16) | (Math.round(hwc[i + 1]) << 8) | Math.round(hwc[i + 2]));
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), p);
        }
        writer.dispose();
        BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = back.getRGB(x, y);
                int i = (y * w + x) * 3;
                out[i] = (p >> 16) & 0xff;
                out[i + 1] = (p >> 8) & 0xff;
                out[i + 2] = p & 0xff;
            }
        }
        return out;
    }

    static void assertInRange(float[] out) {
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] >= 0 && out[i] <= 255)) {
                throw new AssertionError("value " + out[i] + " at index " + i + " is outside 0..255");
            }
        }
    }
}
