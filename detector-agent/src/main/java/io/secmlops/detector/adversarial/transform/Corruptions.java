package io.secmlops.detector.adversarial.transform;

import io.secmlops.engine.SecMlOpsException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The natural corruptions by name, at severity 1..5. Parameters follow Hendrycks and Dietterich, "Benchmarking Neural
 * Network Robustness to Common Corruptions and Perturbations" (ICLR 2019), {@code imagenet_c/corruptions.py}, in
 * pixel units of the image they are applied to:
 *
 * <ul>
 *   <li>{@code gaussian-noise}: sigma = c * 255, c = .08 .12 .18 .26 .38</li>
 *   <li>{@code blur}: Gaussian, sigma = 1 2 3 4 6 pixels</li>
 *   <li>{@code brightness}: HSV value + c * 255, c = .1 .2 .3 .4 .5</li>
 *   <li>{@code contrast}: channel pulled to its mean by factor .4 .3 .2 .1 .05</li>
 *   <li>{@code jpeg}: quality 25 18 15 10 7</li>
 *   <li>{@code darken}: HSV value - c * 255, the same c as brightness (low light, for drift tests)</li>
 *   <li>{@code haze}: {@code I = J t + A (1 - t)} with airlight A = 0.85 * 255 and transmission t = .75 .6 .45 .35 .25.
 *       ImageNet-C's fog blends towards a plasma-fractal airlight with t = 1/(1+c), c = 1.5 2 2.5 2.5 3 (t .40 .. .25),
 *       which is already dense fog at severity 1 and does not grow from 3 to 4; we keep its severity-5 density and
 *       spread the steps evenly, with a uniform bright airlight as real haze has.</li>
 * </ul>
 * The blur sigma is in pixels of the image given (ImageNet-C's are for 224x224 crops), so apply corruptions at the size
 * the model sees when comparing with published numbers.
 */
public final class Corruptions {
    static final double[] NOISE_C = {.08, .12, .18, .26, .38};
    static final double[] BLUR_SIGMA = {1, 2, 3, 4, 6};
    static final double[] BRIGHTNESS_C = {.1, .2, .3, .4, .5};
    static final double[] CONTRAST_FACTOR = {.4, .3, .2, .1, .05};
    static final int[] JPEG_QUALITY = {25, 18, 15, 10, 7};
    static final double[] HAZE_TRANSMISSION = {.75, .6, .45, .35, .25};
    static final double HAZE_AIRLIGHT = 0.85 * 255;

    private static final List<String> NAMES = List.of("gaussian-noise", "blur", "brightness", "contrast", "haze", "jpeg", "darken");

    private Corruptions() {
    }

    /** The valid names, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The corruption {@code spec} (a name from {@link #names()}) at {@code severity} 1..5. Corruptions take no
     * {@code :param}: the severity fixes every parameter.
     */
    public static Corruption byName(String spec, int severity) throws SecMlOpsException {
        if (spec == null || spec.isBlank()) {
            throw new SecMlOpsException("No corruption named.", "Pass one of: " + String.join(", ", NAMES) + ".");
        }
        String name = spec.trim().toLowerCase(Locale.ROOT);
        if (name.contains(":")) {
            throw new SecMlOpsException("Corruption '" + spec + "' has a parameter, but corruptions are set by severity only.",
                    "Pass the bare name (e.g. '" + name.substring(0, name.indexOf(':')) + "') and a severity 1..5.");
        }
        if (!NAMES.contains(name)) {
            throw new SecMlOpsException("Unknown corruption '" + spec + "'.", "Pass one of: " + String.join(", ", NAMES) + ".");
        }
        if (severity < 1 || severity > 5) {
            throw new SecMlOpsException("Severity " + severity + " is out of range for corruption '" + name + "'.",
                    "Pass a severity from 1 (mild) to 5 (severe).");
        }
        int s = severity - 1;
        Map<String, Object> p = new LinkedHashMap<>();
        Kernel k;
        switch (name) {
            case "gaussian-noise" -> {
                double sigma = NOISE_C[s] * 255;
                p.put("sigma", sigma);
                k = (x, w, h, rng) -> PixelOps.gaussianNoise(x, sigma, rng);
            }
            case "blur" -> {
                double sigma = BLUR_SIGMA[s];
                p.put("sigma", sigma);
                k = (x, w, h, rng) -> PixelOps.gaussianBlur(x, w, h, sigma);
            }
            case "brightness", "darken" -> {
                double delta = (name.equals("darken") ? -1 : 1) * BRIGHTNESS_C[s] * 255;
                p.put("valueShift", delta);
                k = (x, w, h, rng) -> PixelOps.shiftValue(x, delta);
            }
            case "contrast" -> {
                double f = CONTRAST_FACTOR[s];
                p.put("factor", f);
                k = (x, w, h, rng) -> PixelOps.contrast(x, f);
            }
            case "haze" -> {
                double t = HAZE_TRANSMISSION[s];
                p.put("transmission", t);
                p.put("airlight", HAZE_AIRLIGHT);
                k = (x, w, h, rng) -> PixelOps.haze(x, t, HAZE_AIRLIGHT);
            }
            case "jpeg" -> {
                int q = JPEG_QUALITY[s];
                p.put("quality", q);
                k = (x, w, h, rng) -> JpegCodec.roundTrip(x, w, h, q);
            }
            default -> throw new IllegalStateException(name);
        }
        return new Natural(name, severity, p, k);
    }

    /** One configured corruption; only gaussian-noise draws from the generator. */
    private record Natural(String name, int severity, Map<String, Object> parameters, Kernel kernel) implements Corruption {
        Natural {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public float[] apply(float[] hwc, int width, int height, RandomGenerator rng) {
            Pixels.check(hwc, width, height);
            return kernel.apply(hwc, width, height, rng);
        }

        @Override
        public String toString() {
            return name + "@" + severity;
        }
    }
}
