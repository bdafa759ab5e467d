package io.secmlops.detector.adversarial.transform;

import java.util.random.RandomGenerator;

/** The operation behind one configured transform; inputs are already checked. */
@FunctionalInterface
interface Kernel {
    float[] apply(float[] hwc, int width, int height, RandomGenerator rng);
}
