package io.secmlops.detector.adversarial;

import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.List;

/**
 * An attack (IBM ART's evasion attack): adversarial versions of a batch's inputs against an estimator. Configured on
 * construction (ε, steps, seed); the same configuration and inputs give the same outputs.
 */
public interface Attack {

    /** The name users type (pgd-linf, square, ...). */
    String name();

    /** "linf", "l2", "patch" or "corruption": what bounds the change. */
    String norm();

    /** ε in 1/255 units; null for patches and corruptions, which no norm ball bounds. */
    Double epsilon();

    /** True when it needs {@link Estimator#lossGradient}; false for black-box and corruptions (forward passes only). */
    boolean needsGradient();

    List<float[]> generate(Estimator estimator, List<Sample> batch) throws SecMlOpsException;

    /** For attacks that treat images one by one. */
    interface PerImage extends Attack {
        float[] generate(Estimator estimator, Sample sample) throws SecMlOpsException;

        @Override
        default List<float[]> generate(Estimator estimator, List<Sample> batch) throws SecMlOpsException {
            List<float[]> out = new ArrayList<>();
            for (Sample s : batch) {
                out.add(generate(estimator, s));
            }
            return out;
        }
    }
}
