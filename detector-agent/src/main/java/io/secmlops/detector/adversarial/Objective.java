package io.secmlops.detector.adversarial;

import io.secmlops.engine.SecMlOpsException;

import java.util.Locale;

/**
 * What an attack maximises, written on the person channel of the detector's score heatmap (logits z, one per cell):
 * <ul>
 *   <li>{@link #VANISHING}: {@code -sum softplus(z)}, i.e. the log-likelihood that no cell holds a person; ascending
 *       it drives every person score towards 0 (the gradient on each cell is -sigmoid(z), so confident cells lead).</li>
 *   <li>{@link #UNTARGETED}: {@code sum [softplus(z) - y z]}, the sigmoid cross-entropy against the reference labels
 *       y (1 at the cell of each reference box centre, 0 elsewhere); ascending it suppresses the labelled people and
 *       raises scores where there are none. The one-hot sigmoid form, because SparseSoftmaxCrossEntropyWithLogits
 *       has no gradient in TensorFlow's C++ registry.</li>
 * </ul>
 */
public enum Objective {
    VANISHING, UNTARGETED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Objective parse(String s) throws SecMlOpsException {
        for (Objective o : values()) {
            if (o.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new SecMlOpsException("--objective " + s + " is not an objective.", "Pass --objective vanishing or --objective untargeted.");
    }
}
