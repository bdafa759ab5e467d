package io.secmlops.detector.adversarial;

import io.secmlops.engine.SecMlOpsException;

/**
 * The input-validation measure of the trade-off table: before a model call, the input must have the model's shape
 * and hold finite values in the pixel range. It stops malformed or out-of-range inputs (NaN, 1e6, a wrong size); an
 * adversarial perturbation inside 0..255 passes, which is why the table shows it costs little and buys no robustness.
 */
public final class InputValidation {
    private InputValidation() {
    }

    public static void check(float[] hwc, int size, String what) throws SecMlOpsException {
        if (hwc.length != size * size * 3) {
            throw new SecMlOpsException(what + " has " + hwc.length + " values, not " + size + "x" + size + "x3.", "Prepare the image to the model's input size.");
        }
        for (int i = 0; i < hwc.length; i++) {
            float v = hwc[i];
            if (!(v >= Perturbation.MIN && v <= Perturbation.MAX)) {
                throw new SecMlOpsException(what + " holds " + v + " at value " + i + ", outside 0..255.", "Feed RGB values 0..255.");
            }
        }
    }
}
