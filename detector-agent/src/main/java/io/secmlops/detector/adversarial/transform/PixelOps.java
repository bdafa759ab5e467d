package io.secmlops.detector.adversarial.transform;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The pixel operations behind the corruptions and defences. Each returns a new array in 0..255 and leaves its input alone. */
final class PixelOps {
    private PixelOps() {
    }

    /** x + N(0, sigma) per value, sigma in 0..255 units; draws in array order, so one seed gives one output. */
    static float[] gaussianNoise(float[] src, double sigma, RandomGenerator rng) {
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = Pixels.clamp(src[i] + sigma * rng.nextGaussian());
        }
        return out;
    }

    /**
     * Gaussian blur per channel, separable, as scipy's {@code gaussian_filter} that ImageNet-C calls through skimage:
     * kernel radius {@code round(4 sigma)}, edges continued with the nearest pixel.
     */
    static float[] gaussianBlur(float[] src, int w, int h, double sigma) {
        int radius = (int) (4.0 * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] rows = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int t = -radius; t <= radius; t++) {
                        int xx = Math.min(w - 1, Math.max(0, x + t));
                        acc += k[t + radius] * src[(y * w + xx) * 3 + c];
                    }
                    rows[(y * w + x) * 3 + c] = (float) acc;
                }
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int t = -radius; t <= radius; t++) {
                        int yy = Math.min(h - 1, Math.max(0, y + t));
                        acc += k[t + radius] * rows[(yy * w + x) * 3 + c];
                    }
                    out[(y * w + x) * 3 + c] = Pixels.clamp(acc);
                }
            }
        }
        return out;
    }

    /**
     * Adds {@code delta} (0..255 units, may be negative) to the HSV value V = max(R, G, B), clipped, keeping hue and
     * saturation: ImageNet-C's brightness (rgb2hsv, V + c, hsv2rgb). With H and S fixed every channel is proportional
     * to V, so the colour is scaled by V'/V; black (S = 0 in skimage) becomes grey V'.
     */
    static float[] shiftValue(float[] src, double delta) {
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i += 3) {
            double v = Math.max(src[i], Math.max(src[i + 1], src[i + 2]));
            double v2 = Math.min(255, Math.max(0, v + delta));
            for (int c = 0; c < 3; c++) {
                out[i + c] = Pixels.clamp(v <= 0 ? v2 : src[i + c] * (v2 / v));
            }
        }
        return out;
    }

    /** ImageNet-C's contrast: each channel pulled towards its own image mean, {@code (x - mean) * factor + mean}. */
    static float[] contrast(float[] src, double factor) {
        double[] mean = new double[3];
        for (int i = 0; i < src.length; i++) {
            mean[i % 3] += src[i];
        }
        int n = src.length / 3;
        for (int c = 0; c < 3; c++) {
            mean[c] /= n;
        }
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = Pixels.clamp((src[i] - mean[i % 3]) * factor + mean[i % 3]);
        }
        return out;
    }

    /** The atmospheric scattering model (Koschmieder): {@code I = J t + A (1 - t)}, uniform transmission t and airlight A. */
    static float[] haze(float[] src, double transmission, double airlight) {
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = Pixels.clamp(src[i] * transmission + airlight * (1 - transmission));
        }
        return out;
    }

    /** Each value rounded to the nearest of 2^bits evenly spaced levels from 0 to 255 (feature squeezing). */
    static float[] quantize(float[] src, int bits) {
        int top = (1 << bits) - 1;
        float[] level = new float[top + 1];
        for (int l = 0; l <= top; l++) {
            level[l] = (float) (l * 255.0 / top);
        }
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = level[(int) Math.round(Pixels.clamp(src[i]) * top / 255.0)];
        }
        return out;
    }

    /** Median of the {@code window x window} neighbourhood per channel, edges continued with the nearest pixel. */
    static float[] median(float[] src, int w, int h, int window) {
        int r = window / 2;
        float[] buf = new float[window * window];
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int n = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        for (int dx = -r; dx <= r; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            buf[n++] = src[(yy * w + xx) * 3 + c];
                        }
                    }
                    Arrays.sort(buf);
                    out[(y * w + x) * 3 + c] = Pixels.clamp(buf[buf.length / 2]);
                }
            }
        }
        return out;
    }
}
