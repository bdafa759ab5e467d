package io.secmlops.detector.adversarial.transform;

import java.util.random.RandomGenerator;

/**
 * A change applied to one image as the model sees it: {@code size x size x 3} floats in 0..255, row-major HWC (the
 * layout of {@code Preprocess.Prepared.input()}). Implementations return a new array, never change their input, keep
 * every value in 0..255, and draw any randomness from {@code rng} only, so a seed reproduces the output.
 */
public interface ImageTransform {

    /** The name users type: lower-case, words joined by '-'. */
    String name();

    float[] apply(float[] hwc, int size, RandomGenerator rng);
}
