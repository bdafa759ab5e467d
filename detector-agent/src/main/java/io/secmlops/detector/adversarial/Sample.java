package io.secmlops.detector.adversarial;

import io.secmlops.detector.detect.Preprocess;

import java.util.List;

/**
 * One image of a batch as the estimator sees it: the prepared model input (HWC floats 0..255, {@code size x size}),
 * how it maps back to the original frame, and the reference boxes in model-input pixels {x1, y1, x2, y2} that the
 * untargeted objective attacks (ground truth or pseudo-labels; empty for the vanishing objective).
 */
public record Sample(long imageId, String name, Preprocess.Prepared prepared, List<double[]> referenceBoxes) {

    public float[] input() {
        return prepared.input();
    }

    public int size() {
        return prepared.size();
    }

    /** The same image with another model input (an adversarial or defended version), same mapping to the frame. */
    public Preprocess.Prepared withInput(float[] x) {
        Preprocess.Prepared p = prepared;
        return new Preprocess.Prepared(x, p.size(), p.width(), p.height(), p.scaleX(), p.scaleY(), p.padX(), p.padY(), p.resized());
    }
}
