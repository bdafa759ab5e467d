package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.detector.adversarial.Sample;

import java.util.SplittableRandom;

/**
 * The no-knowledge baseline: every frame value moved by ±ε at random (a corner of the L∞ ball, as FGSM's step, but
 * in a random direction). An attack that does no better than this has found nothing.
 */
public final class RandomNoise implements Attack.PerImage {
    private final double epsilon;
    private final long seed;

    public RandomNoise(double epsilon, long seed) {
        this.epsilon = epsilon;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "noise";
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
    public float[] generate(Estimator estimator, Sample sample) {
        float[] x0 = sample.input();
        SplittableRandom rng = Perturbation.rng(seed, sample.imageId(), name() + "/" + epsilon);
        float[] adv = new float[x0.length];
        for (int i = 0; i < x0.length; i++) {
            adv[i] = (float) (x0[i] + (rng.nextBoolean() ? epsilon : -epsilon));
        }
        return Perturbation.projectLinf(x0, adv, epsilon, Perturbation.mask(sample));
    }
}
