package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.engine.SecMlOpsException;

import java.util.SplittableRandom;

/**
 * Projected gradient descent (Madry et al. 2018) under L∞ (sign steps) or L2 (steps along the normalised gradient):
 * an optional random start inside the ball, {@code steps} gradient steps of {@code stepSize} each followed by the
 * projection onto the ball and the pixel range. Returns the iterate with the highest loss (the last is checked with
 * one extra forward pass), so k steps cost k forward-plus-backward passes and one forward pass.
 */
public final class Pgd implements Attack.PerImage {
    public enum Norm { LINF, L2 }

    private final Norm norm;
    private final double epsilon;
    private final int steps;
    private final double stepSize;
    private final boolean randomStart;
    private final long seed;

    /**
     * @param stepSize in the same units as ε (1/255), for L2 relative to the radius as ε is (a step of s moves
     *                 {@code s * sqrt(n)} in L2); {@code <= 0} picks 2.5 ε / steps (Madry's choice)
     */
    public Pgd(Norm norm, double epsilon, int steps, double stepSize, boolean randomStart, long seed) {
        this.norm = norm;
        this.epsilon = epsilon;
        this.steps = steps;
        this.stepSize = stepSize > 0 ? stepSize : 2.5 * epsilon / Math.max(1, steps);
        this.randomStart = randomStart;
        this.seed = seed;
    }

    @Override
    public String name() {
        return norm == Norm.LINF ? "pgd-linf" : "pgd-l2";
    }

    @Override
    public String norm() {
        return norm == Norm.LINF ? "linf" : "l2";
    }

    @Override
    public Double epsilon() {
        return epsilon;
    }

    @Override
    public boolean needsGradient() {
        return true;
    }

    public double stepSize() {
        return stepSize;
    }

    @Override
    public float[] generate(Estimator estimator, Sample sample) throws SecMlOpsException {
        float[] x0 = sample.input();
        if (epsilon == 0 || steps == 0) {
            return x0.clone();
        }
        boolean[] mask = Perturbation.mask(sample);
        int free = Perturbation.count(mask);
        double radius = Perturbation.l2Radius(epsilon, free);
        double alpha = norm == Norm.LINF ? stepSize : Perturbation.l2Radius(stepSize, free);
        SplittableRandom rng = Perturbation.rng(seed, sample.imageId(), name() + "/" + epsilon);
        float[] x = x0.clone();
        if (randomStart) {
            x = randomStart(x0, mask, radius, rng);
        }
        float[] best = x;
        double bestLoss = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < steps; k++) {
            Estimator.LossGradient lg = estimator.lossGradient(sample, x);
            if (lg.loss() > bestLoss) {
                bestLoss = lg.loss();
                best = x;
            }
            x = step(x0, x, lg.gradient(), mask, alpha, radius);
        }
        return estimator.loss(sample, x) >= bestLoss ? x : best;
    }

    private float[] randomStart(float[] x0, boolean[] mask, double radius, SplittableRandom rng) {
        float[] x = new float[x0.length];
        if (norm == Norm.LINF) {
            for (int i = 0; i < x0.length; i++) {
                x[i] = (float) (x0[i] + (rng.nextDouble() * 2 - 1) * epsilon);
            }
            return Perturbation.projectLinf(x0, x, epsilon, mask);
        }
        // uniform direction (normalised Gaussian), radius uniform in [0, r]
        double[] d = new double[x0.length];
        double n2 = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = mask[i] ? gaussian(rng) : 0;
            n2 += d[i] * d[i];
        }
        double r = radius * rng.nextDouble() / Math.sqrt(n2);
        for (int i = 0; i < x0.length; i++) {
            x[i] = (float) (x0[i] + d[i] * r);
        }
        return Perturbation.projectL2(x0, x, radius, mask);
    }

    private float[] step(float[] x0, float[] x, float[] g, boolean[] mask, double alpha, double radius) {
        float[] y = new float[x.length];
        if (norm == Norm.LINF) {
            for (int i = 0; i < x.length; i++) {
                y[i] = (float) (x[i] + alpha * Math.signum(g[i]));
            }
            return Perturbation.projectLinf(x0, y, epsilon, mask);
        }
        double n2 = 0;
        for (int i = 0; i < g.length; i++) {
            if (mask[i]) {
                n2 += (double) g[i] * g[i];
            }
        }
        double scale = n2 > 0 ? alpha / Math.sqrt(n2) : 0;
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + (mask[i] ? g[i] * scale : 0));
        }
        return Perturbation.projectL2(x0, y, radius, mask);
    }

    static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
