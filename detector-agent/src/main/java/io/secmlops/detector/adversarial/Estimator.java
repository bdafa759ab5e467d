package io.secmlops.detector.adversarial;

import io.secmlops.detector.detect.Detector;
import io.secmlops.engine.SecMlOpsException;

import java.util.List;

/**
 * The model as attacks see it (IBM ART's Estimator): predictions, and the attack loss with its gradient with respect
 * to the input. Inputs are one image, HWC floats 0..255 of {@link #inputSize()} squared.
 */
public interface Estimator {

    int inputSize();

    Objective objective();

    /** Person detections (all scores, after NMS) in original-image pixels. */
    List<Detector.Detection> predict(Sample sample, float[] x) throws SecMlOpsException;

    /** The objective's loss (attacks ascend it); one forward pass. */
    double loss(Sample sample, float[] x) throws SecMlOpsException;

    /** The loss and d loss / d x (same layout as x); one forward and one backward pass. */
    LossGradient lossGradient(Sample sample, float[] x) throws SecMlOpsException;

    record LossGradient(double loss, float[] gradient) {
    }
}
