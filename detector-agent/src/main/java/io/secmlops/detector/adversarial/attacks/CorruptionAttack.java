package io.secmlops.detector.adversarial.attacks;

import io.secmlops.detector.adversarial.Attack;
import io.secmlops.detector.adversarial.Estimator;
import io.secmlops.detector.adversarial.Perturbation;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.detector.adversarial.transform.Corruption;

/**
 * A natural corruption (noise, blur, haze, JPEG, ...) at one severity, as an attack: no knowledge of the model, a
 * reference point for how much worse a worst case is than bad weather. Applied to the frame area of the model input;
 * the letterbox padding stays as it was.
 */
public final class CorruptionAttack implements Attack.PerImage {
    private final Corruption corruption;
    private final long seed;

    public CorruptionAttack(Corruption corruption, long seed) {
        this.corruption = corruption;
        this.seed = seed;
    }

    @Override
    public String name() {
        return corruption.name();
    }

    public int severity() {
        return corruption.severity();
    }

    @Override
    public String norm() {
        return "corruption";
    }

    @Override
    public Double epsilon() {
        return null;
    }

    @Override
    public boolean needsGradient() {
        return false;
    }

    @Override
    public float[] generate(Estimator estimator, Sample sample) {
        float[] x0 = sample.input();
        float[] y = corruption.apply(x0, sample.size(), sample.size(), Perturbation.rng(seed, sample.imageId(), name() + "/" + severity()));
        boolean[] mask = Perturbation.mask(sample);
        float[] out = new float[x0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask[i] ? Perturbation.clip(y[i]) : x0[i];
        }
        return out;
    }
}
