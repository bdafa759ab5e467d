package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.engine.SecMlOpsException;

/** Fast gradient sign method (Goodfellow et al. 2015): one step of ε along the sign of the loss gradient, L∞. */
public final class Fgsm implements Attack.PerImage {
    private final double epsilon;

    public Fgsm(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "fgsm";
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
        return true;
    }

    @Override
    public float[] generate(Estimator estimator, Sample sample) throws SecMlOpsException {
        float[] x0 = sample.input();
        if (epsilon == 0) {
            return x0.clone();
        }
        float[] g = estimator.lossGradient(sample, x0).gradient();
        float[] adv = new float[x0.length];
        for (int i = 0; i < x0.length; i++) {
            adv[i] = (float) (x0[i] + epsilon * Math.signum(g[i]));
        }
        return Perturbation.projectLinf(x0, adv, epsilon, Perturbation.mask(sample));
    }
}
