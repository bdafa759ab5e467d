package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.engine.SecMlOpsException;

import java.util.SplittableRandom;

/**
 * Square attack, L∞ (Andriushchenko et al. 2020): black-box, forward passes only, so it also runs on graphs with ops
 * that have no gradient. Starts from vertical stripes of ±ε, then on each query redraws one random square window
 * of the frame to ±ε per channel and keeps the change when the loss rises. The window shrinks as queries are spent
 * (the paper's schedule for p, the share of the frame changed per query, starting at {@code pInit}).
 */
public final class SquareAttack implements Attack.PerImage {
    private final double epsilon;
    private final int queries;
    private final double pInit;
    private final long seed;

    public SquareAttack(double epsilon, int queries, long seed) {
        this.epsilon = epsilon;
        this.queries = queries;
        this.pInit = 0.05;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "square";
    }

    @Override
    public String norm() {
        return "linf";
    }

    @Override
    public Double epsilon() {
        return epsilon;
    }

    @Override
    public boolean needsGradient() {
        return false;
    }

    @Override
    public float[] generate(Estimator estimator, Sample sample) throws SecMlOpsException {
        float[] x0 = sample.input();
        if (epsilon == 0 || queries == 0) {
            return x0.clone();
        }
        var p = sample.prepared();
        int size = p.size();
        int fx0 = (int) Math.round(p.padX());
        int fy0 = (int) Math.round(p.padY());
        int fw = Math.min(size, (int) Math.round(p.padX() + p.width() * p.scaleX())) - fx0;
        int fh = Math.min(size, (int) Math.round(p.padY() + p.height() * p.scaleY())) - fy0;
        boolean[] mask = Perturbation.mask(sample);
        SplittableRandom rng = Perturbation.rng(seed, sample.imageId(), name() + "/" + epsilon);

        float[] x = new float[x0.length];
        double[] stripe = new double[size * 3];
        for (int i = 0; i < stripe.length; i++) {
            stripe[i] = rng.nextBoolean() ? epsilon : -epsilon;
        }
        for (int y = 0; y < size; y++) {
            for (int c = 0; c < size * 3; c++) {
                int o = y * size * 3 + c;
                x[o] = (float) (x0[o] + stripe[c]);
            }
        }
        x = Perturbation.projectLinf(x0, x, epsilon, mask);
        double best = estimator.loss(sample, x);
        for (int q = 1; q < queries; q++) {
            double share = pSchedule(q);
            int side = (int) Math.max(1, Math.min(Math.min(fw, fh), Math.round(Math.sqrt(share * fw * fh))));
            int wx = fx0 + rng.nextInt(fw - side + 1);
            int wy = fy0 + rng.nextInt(fh - side + 1);
            float[] cand = x.clone();
            for (int c = 0; c < 3; c++) {
                double d = rng.nextBoolean() ? epsilon : -epsilon;
                for (int y = wy; y < wy + side; y++) {
                    for (int xx = wx; xx < wx + side; xx++) {
                        int o = (y * size + xx) * 3 + c;
                        cand[o] = (float) (x0[o] + d);
                    }
                }
            }
            cand = Perturbation.projectLinf(x0, cand, epsilon, mask);
            double l = estimator.loss(sample, cand);
            if (l > best) {
                best = l;
                x = cand;
            }
        }
        return x;
    }

    /** The paper's piecewise-constant schedule for 10 000 queries, scaled to this query budget. */
    private double pSchedule(int q) {
        double it = q * 10000.0 / queries;
        double[] at = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
        double pv = pInit;
        for (double a : at) {
            if (it > a) {
                pv /= 2;
            }
        }
        return pv;
    }
}
