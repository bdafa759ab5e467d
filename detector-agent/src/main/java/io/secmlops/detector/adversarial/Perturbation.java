package io.secmlops.detector.adversarial;

import java.util.SplittableRandom;

/**
 * Norm balls, pixel range and the image mask, in 0..255 pixel units on the model input. ε is given in 1/255 units
 * of the 0..1 range, which is the same number in 0..255 units: an L∞ ball of ε lets every value move by ε. The L2
 * ball of ε has radius {@code ε * sqrt(n)} over the n values that may change (the energy of moving every one of them
 * by ε), so one ε means comparable budgets under both norms. Only the image area of a letterboxed input may change;
 * the grey padding is not part of the frame.
 */
public final class Perturbation {
    public static final float MIN = 0f;
    public static final float MAX = 255f;

    private Perturbation() {
    }

    /** 1 where the value belongs to the frame, 0 on letterbox padding. */
    public static boolean[] mask(Sample s) {
        var p = s.prepared();
        int size = p.size();
        int x0 = (int) Math.round(p.padX());
        int y0 = (int) Math.round(p.padY());
        int x1 = Math.min(size, (int) Math.round(p.padX() + p.width() * p.scaleX()));
        int y1 = Math.min(size, (int) Math.round(p.padY() + p.height() * p.scaleY()));
        boolean[] m = new boolean[size * size * 3];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int o = (y * size + x) * 3;
                m[o] = true;
                m[o + 1] = true;
                m[o + 2] = true;
            }
        }
        return m;
    }

    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The L2 radius of ε over {@code n} free values. */
    public static double l2Radius(double epsilon, int n) {
        return epsilon * Math.sqrt(n);
    }

    public static float clip(double v) {
        return (float) Math.max(MIN, Math.min(MAX, v));
    }

    /** Into the L∞ ball of ε round x0, the pixel range, and back to x0 outside the mask. */
    public static float[] projectLinf(float[] x0, float[] adv, double epsilon, boolean[] mask) {
        float[] out = new float[x0.length];
        for (int i = 0; i < x0.length; i++) {
            if (!mask[i]) {
                out[i] = x0[i];
                continue;
            }
            double lo = Math.max(MIN, x0[i] - epsilon);
            double hi = Math.min(MAX, x0[i] + epsilon);
            float v = (float) Math.max(lo, Math.min(hi, adv[i]));
            // float rounding of x0 ± ε must not step outside the ball
            while (Math.abs((double) v - x0[i]) > epsilon) {
                v = Math.nextAfter(v, (double) x0[i]);
            }
            out[i] = v;
        }
        return out;
    }

    /** Into the L2 ball of {@code radius} round x0 and the pixel range (clipping only shrinks the norm), x0 outside the mask. */
    public static float[] projectL2(float[] x0, float[] adv, double radius, boolean[] mask) {
        double norm = 0;
        for (int i = 0; i < x0.length; i++) {
            if (mask[i]) {
                double d = adv[i] - x0[i];
                norm += d * d;
            }
        }
        norm = Math.sqrt(norm);
        double scale = norm > radius ? radius / norm : 1;
        float[] out = new float[x0.length];
        for (int i = 0; i < x0.length; i++) {
            out[i] = mask[i] ? clip(x0[i] + (adv[i] - x0[i]) * scale) : x0[i];
        }
        // float rounding can leave the norm a hair above the radius: shrink until it holds exactly
        while (l2(x0, out) > radius) {
            for (int i = 0; i < x0.length; i++) {
                out[i] = clip(x0[i] + (out[i] - x0[i]) * (1 - 1e-6));
            }
        }
        return out;
    }

    public static double linf(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    public static double l2(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** A generator for one (seed, image, purpose): the same numbers whichever shard or order the image is run in. */
    public static SplittableRandom rng(long seed, long imageId, String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L + imageId * 0xC2B2AE3D27D4EB4FL + purpose.hashCode() * 0x165667B19E3779F9L;
        return new SplittableRandom(h);
    }
}
