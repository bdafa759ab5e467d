package io.secmlops.detector.adversarial.transform;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A change applied to one image: {@code height x width x 3} floats in 0..255, row-major HWC RGB (the layout of
 * {@code Preprocess.Prepared.input()}, where width = height = the model's input size; full-size frames use the same
 * layout). Implementations return a new array, never change their input, keep every value in 0..255, and draw any
 * randomness from {@code rng} only, so a seed reproduces the output.
 */
public interface ImageTransform {

    /** The name users type: lower-case, words joined by '-'. */
    String name();

    float[] apply(float[] hwc, int width, int height, RandomGenerator rng);

    /** The settings that fix the output (e.g. {@code quality: 75}), for result files; empty when there are none. */
    default Map<String, Object> parameters() {
        return Map.of();
    }
}
