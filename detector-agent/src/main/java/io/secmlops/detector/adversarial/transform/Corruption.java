package io.secmlops.detector.adversarial.transform;

/** A natural corruption (Gaussian noise, blur, brightness, contrast, haze, JPEG) at a fixed severity 1..5. */
public interface Corruption extends ImageTransform {

    /** 1 (mild) to 5 (severe). */
    int severity();
}
