package io.secmlops.drift;

import java.awt.image.BufferedImage;

/**
 * Per-image statistics that move when footage changes (darker, hazier, noisier, blurred, colour cast), computed on
 * the decoded 8-bit RGB pixels:
 * <ul>
 * <li>{@code brightness}: the mean luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, not rounded), 0..255;</li>
 * <li>{@code contrast}: RMS contrast, the population standard deviation of Y;</li>
 * <li>{@code sharpness}: the variance of the 4-neighbour Laplacian of Y (Pech-Pacheco et al. 2000; OpenCV's
 * {@code Laplacian(ksize=1).var()}), over interior pixels only, so no border rule enters;</li>
 * <li>{@code colourfulness}: Hasler and Süsstrunk (2003): with rg = R - G and yb = (R + G)/2 - B,
 * sqrt(σ_rg² + σ_yb²) + 0.3 sqrt(μ_rg² + μ_yb²).</li>
 * </ul>
 * Equal to numpy/scipy on stored fixtures ({@code make_image_fixtures.py}).
 */
public record ImageStats(double brightness, double contrast, double sharpness, double colourfulness) {
    public static final String[] COLUMNS = {"brightness", "contrast", "sharpness", "colourfulness"};

    public double[] values() {
        return new double[] {brightness, contrast, sharpness, colourfulness};
    }

    public static ImageStats of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        return of(argb, w, h);
    }

    /** From packed 0xRRGGBB pixels, row-major. */
    public static ImageStats of(int[] rgb, int w, int h) {
        int n = w * h;
        double[] y = new double[n];
        // Two-pass means and variances: the sums of squares of 0..255 values over a frame lose nothing in double,
        // but two passes keep the variance exact to the last bits for the fixtures.
        double sy = 0;
        double srg = 0;
        double syb = 0;
        for (int i = 0; i < n; i++) {
            int p = rgb[i];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
            sy += y[i];
            srg += r - g;
            syb += 0.5 * (r + g) - b;
        }
        double my = sy / n;
        double mrg = srg / n;
        double myb = syb / n;
        double vy = 0;
        double vrg = 0;
        double vyb = 0;
        for (int i = 0; i < n; i++) {
            int p = rgb[i];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            double d = y[i] - my;
            vy += d * d;
            double a = r - g - mrg;
            vrg += a * a;
            double c = 0.5 * (r + g) - b - myb;
            vyb += c * c;
        }
        vy /= n;
        vrg /= n;
        vyb /= n;
        double sharp = 0;
        if (w >= 3 && h >= 3) {
            int m = (w - 2) * (h - 2);
            double[] lap = new double[m];
            double sl = 0;
            int k = 0;
            for (int row = 1; row < h - 1; row++) {
                for (int col = 1; col < w - 1; col++) {
                    int i = row * w + col;
                    double l = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4 * y[i];
                    lap[k++] = l;
                    sl += l;
                }
            }
            double ml = sl / m;
            for (double l : lap) {
                sharp += (l - ml) * (l - ml);
            }
            sharp /= m;
        }
        double colourfulness = Math.sqrt(vrg + vyb) + 0.3 * Math.sqrt(mrg * mrg + myb * myb);
        return new ImageStats(my, Math.sqrt(vy), sharp, colourfulness);
    }
}
