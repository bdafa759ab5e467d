package io.secmlops.detector.adversarial.transform;

/**
 * A preprocessor put in front of the estimator to blunt adversarial inputs (JPEG re-compression, bit-depth reduction,
 * median smoothing, Gaussian noise). Adaptive attacks see through it: BPDA takes the gradient of {@link #apply} as the
 * identity, and expectation over transformation averages gradients over draws of a {@link #randomized()} defence.
 */
public interface Defence extends ImageTransform {

    /** True when two applications with different random draws can differ (EOT then averages over draws). */
    boolean randomized();
}
