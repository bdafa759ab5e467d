package io.secmlops.detector.adversarial;

import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.detector.detect.Detector;
import io.secmlops.engine.SecMlOpsException;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The estimator with a defence in front, as an adaptive attacker sees it. Predictions and losses go through the
 * defence. Gradients use BPDA (Athalye et al. 2018): the defence's own gradient is taken as the identity, so the
 * gradient of the model at the defended input stands in for the gradient at the raw input. For a randomized defence,
 * expectation over transformation (EOT) averages that over {@code eotSamples} draws. Draws come from the seed, the
 * image and a per-image counter, so a run repeats exactly.
 */
public final class DefendedEstimator implements Estimator {
    private final Estimator base;
    private final Defence defence;
    private final int eotSamples;
    private final long seed;
    /** Draws made per image, so an image's draws do not depend on which other images ran before it (shards). */
    private final java.util.Map<Long, Long> draws = new java.util.HashMap<>();

    public DefendedEstimator(Estimator base, Defence defence, int eotSamples, long seed) {
        this.base = base;
        this.defence = defence;
        this.eotSamples = defence.randomized() ? Math.max(1, eotSamples) : 1;
        this.seed = seed;
    }

    /** "bpda" or "bpda+eot(k)": what this adaptive attacker does. */
    public String method() {
        return defence.randomized() ? "bpda+eot(" + eotSamples + ")" : "bpda";
    }

    public Defence defence() {
        return defence;
    }

    /** The defended input as evaluation sees it: one draw from the seed and the image. */
    public static float[] defend(Defence defence, Sample sample, float[] x, long seed) {
        return defence.apply(x, sample.size(), sample.size(), Perturbation.rng(seed, sample.imageId(), "defence/" + defence.name()));
    }

    @Override
    public int inputSize() {
        return base.inputSize();
    }

    @Override
    public Objective objective() {
        return base.objective();
    }

    @Override
    public List<Detector.Detection> predict(Sample sample, float[] x) throws SecMlOpsException {
        return base.predict(sample, defend(defence, sample, x, seed));
    }

    @Override
    public double loss(Sample sample, float[] x) throws SecMlOpsException {
        double sum = 0;
        for (int k = 0; k < eotSamples; k++) {
            sum += base.loss(sample, draw(sample, x));
        }
        return sum / eotSamples;
    }

    @Override
    public LossGradient lossGradient(Sample sample, float[] x) throws SecMlOpsException {
        double loss = 0;
        float[] g = new float[x.length];
        for (int k = 0; k < eotSamples; k++) {
            LossGradient lg = base.lossGradient(sample, draw(sample, x));
            loss += lg.loss();
            for (int i = 0; i < g.length; i++) {
                g[i] += lg.gradient()[i] / eotSamples;
            }
        }
        return new LossGradient(loss / eotSamples, g);
    }

    private float[] draw(Sample sample, float[] x) {
        SplittableRandom rng = Perturbation.rng(seed + draws.merge(sample.imageId(), 1L, Long::sum), sample.imageId(), "eot/" + defence.name());
        return defence.apply(x, sample.size(), sample.size(), rng);
    }
}
