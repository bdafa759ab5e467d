package io.secmlops.detector.adversarial.transform;

import io.secmlops.engine.SecMlOpsException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The input-transformation defences by name, each with one optional parameter ({@code name:param}):
 *
 * <ul>
 *   <li>{@code jpeg[:quality]}: JPEG re-compression, quality 1..100, default 75 (Dziugaite et al. 2016; Das et al. 2017)</li>
 *   <li>{@code bit-depth[:bits]}: colour depth reduction to 2^bits levels per channel, bits 1..8, default 5 (Xu et al. 2018)</li>
 *   <li>{@code median[:window]}: median smoothing over an odd window 3..15, default 3 (Xu et al. 2018)</li>
 *   <li>{@code gaussian-noise[:sigma]}: additive Gaussian noise, sigma in 0..255 units, (0, 255], default 8; randomized</li>
 * </ul>
 */
public final class Defences {
    public static final int DEFAULT_JPEG_QUALITY = 75;
    public static final int DEFAULT_BITS = 5;
    public static final int DEFAULT_MEDIAN_WINDOW = 3;
    public static final double DEFAULT_NOISE_SIGMA = 8;
    static final int MAX_MEDIAN_WINDOW = 15;

    private static final List<String> NAMES = List.of("jpeg", "bit-depth", "median", "gaussian-noise");

    private Defences() {
    }

    /** The valid names, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The defence {@code spec}: {@code name} or {@code name:param}, e.g. {@code jpeg}, {@code jpeg:60}, {@code median:5}. */
    public static Defence byName(String spec) throws SecMlOpsException {
        if (spec == null || spec.isBlank()) {
            throw new SecMlOpsException("No defence named.", "Pass one of: " + usage() + ".");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String param = colon < 0 ? null : s.substring(colon + 1).trim();
        if (!NAMES.contains(name)) {
            throw new SecMlOpsException("Unknown defence '" + spec + "'.", "Pass one of: " + usage() + ".");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        switch (name) {
            case "jpeg" -> {
                int q = intParam(spec, param, DEFAULT_JPEG_QUALITY, 1, 100, "quality");
                p.put("quality", q);
                return new Preprocessor(name, p, false, (x, w, h, rng) -> JpegCodec.roundTrip(x, w, h, q));
            }
            case "bit-depth" -> {
                int bits = intParam(spec, param, DEFAULT_BITS, 1, 8, "bits");
                p.put("bits", bits);
                return new Preprocessor(name, p, false, (x, w, h, rng) -> PixelOps.quantize(x, bits));
            }
            case "median" -> {
                int window = intParam(spec, param, DEFAULT_MEDIAN_WINDOW, 3, MAX_MEDIAN_WINDOW, "window");
                if (window % 2 == 0) {
                    throw new SecMlOpsException("Defence '" + spec + "': the median window must be odd, got " + window + ".",
                            "Pass median:" + (window - 1) + " or median:" + (window + 1) + ".");
                }
                p.put("window", window);
                return new Preprocessor(name, p, false, (x, w, h, rng) -> PixelOps.median(x, w, h, window));
            }
            case "gaussian-noise" -> {
                double sigma = DEFAULT_NOISE_SIGMA;
                if (param != null) {
                    try {
                        sigma = Double.parseDouble(param);
                    } catch (NumberFormatException e) {
                        sigma = Double.NaN;
                    }
                    if (!(sigma > 0 && sigma <= 255)) {
                        throw new SecMlOpsException("Defence '" + spec + "': sigma '" + param + "' is not a number in (0, 255].",
                                "Pass the noise sigma in 0..255 pixel units, e.g. gaussian-noise:8.");
                    }
                }
                double sd = sigma;
                p.put("sigma", sd);
                return new Preprocessor(name, p, true, (x, w, h, rng) -> PixelOps.gaussianNoise(x, sd, rng));
            }
            default -> throw new IllegalStateException(name);
        }
    }

    private static int intParam(String spec, String param, int dflt, int min, int max, String what) throws SecMlOpsException {
        if (param == null) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(param);
        } catch (NumberFormatException e) {
            v = Integer.MIN_VALUE;
        }
        if (v < min || v > max) {
            String name = spec.trim().substring(0, spec.trim().indexOf(':'));
            throw new SecMlOpsException("Defence '" + spec + "': " + what + " '" + param + "' is not a whole number from " + min + " to " + max + ".",
                    "Pass e.g. " + name + ":" + dflt + " (" + what + " " + min + ".." + max + "), or '" + name + "' for the default " + dflt + ".");
        }
        return v;
    }

    private static String usage() {
        return "jpeg[:quality 1..100], bit-depth[:bits 1..8], median[:odd window 3.." + MAX_MEDIAN_WINDOW + "], gaussian-noise[:sigma 0..255]";
    }

    /** One configured defence; {@link #toString()} is its canonical spec, e.g. {@code jpeg:75}. */
    private record Preprocessor(String name, Map<String, Object> parameters, boolean randomized, Kernel kernel) implements Defence {
        Preprocessor {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        @Override
        public float[] apply(float[] hwc, int width, int height, RandomGenerator rng) {
            Pixels.check(hwc, width, height);
            return kernel.apply(hwc, width, height, rng);
        }

        @Override
        public String toString() {
            Object v = parameters.values().iterator().next();
            return name + ":" + (v instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : v);
        }
    }
}
