package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An optimised adversarial patch in the manner of DPatch (Liu et al. 2019): one square patch shared by every image of
 * the batch (universal), its pixels free in 0..255, trained by signed gradient ascent on the summed loss over the
 * batch, pasted at a random place inside each frame on every step (expectation over placements, so the patch does
 * not depend on one spot). At the end it is pasted at a place drawn per image from the seed. No norm bounds it; its
 * budget is its area.
 */
public final class AdversarialPatch implements Attack {
    private final int side;
    private final int steps;
    private final double stepSize;
    private final long seed;
    private float[] patch;

    /** @param stepSize change per step in 0..255 units (the patch is unbounded, so this is not ε-relative) */
    public AdversarialPatch(int side, int steps, double stepSize, long seed) {
        this.side = side;
        this.steps = steps;
        this.stepSize = stepSize;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "patch";
    }

    @Override
    public String norm() {
        return "patch";
    }

    @Override
    public Double epsilon() {
        return null;
    }

    @Override
    public boolean needsGradient() {
        return true;
    }

    public int side() {
        return side;
    }

    /** The trained patch (side x side x 3, HWC 0..255); null before {@link #generate}. */
    public float[] patch() {
        return patch;
    }

    @Override
    public List<float[]> generate(Estimator estimator, List<Sample> batch) throws SecMlOpsException {
        SplittableRandom init = Perturbation.rng(seed, 0, "patch/init");
        float[] pt = new float[side * side * 3];
        for (int i = 0; i < pt.length; i++) {
            pt[i] = (float) (init.nextDouble() * 255);
        }
        SplittableRandom place = Perturbation.rng(seed, 0, "patch/train");
        for (int k = 0; k < steps; k++) {
            double[] g = new double[pt.length];
            for (Sample s : batch) {
                int[] at = placement(s, place);
                float[] x = paste(s.input(), s.size(), pt, at);
                float[] gx = estimator.lossGradient(s, x).gradient();
                for (int y = 0; y < side; y++) {
                    for (int xx = 0; xx < side; xx++) {
                        for (int c = 0; c < 3; c++) {
                            g[(y * side + xx) * 3 + c] += gx[((at[1] + y) * s.size() + at[0] + xx) * 3 + c];
                        }
                    }
                }
            }
            for (int i = 0; i < pt.length; i++) {
                pt[i] = Perturbation.clip(pt[i] + stepSize * Math.signum(g[i]));
            }
        }
        patch = pt;
        List<float[]> out = new ArrayList<>();
        for (Sample s : batch) {
            out.add(paste(s.input(), s.size(), pt, placement(s, Perturbation.rng(seed, s.imageId(), "patch/place"))));
        }
        return out;
    }

    /** Top-left corner {x, y} of the patch, inside the frame (not on the letterbox padding). */
    private int[] placement(Sample s, SplittableRandom rng) {
        var p = s.prepared();
        int fx0 = (int) Math.round(p.padX());
        int fy0 = (int) Math.round(p.padY());
        int fw = Math.min(p.size(), (int) Math.round(p.padX() + p.width() * p.scaleX())) - fx0;
        int fh = Math.min(p.size(), (int) Math.round(p.padY() + p.height() * p.scaleY())) - fy0;
        return new int[] {fx0 + rng.nextInt(Math.max(1, fw - side + 1)), fy0 + rng.nextInt(Math.max(1, fh - side + 1))};
    }

    private float[] paste(float[] x0, int size, float[] pt, int[] at) {
        float[] x = x0.clone();
        for (int y = 0; y < side && at[1] + y < size; y++) {
            for (int xx = 0; xx < side && at[0] + xx < size; xx++) {
                System.arraycopy(pt, (y * side + xx) * 3, x, ((at[1] + y) * size + at[0] + xx) * 3, 3);
            }
        }
        return x;
    }
}
