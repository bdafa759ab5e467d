package io.secmlops.detector.adversarial;

import io.secmlops.detector.adversarial.attacks.AdversarialPatch;
import io.secmlops.detector.adversarial.attacks.CorruptionAttack;
import io.secmlops.detector.adversarial.metrics.ImageMatcher;
import io.secmlops.engine.adversarial.Match;
import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.detector.detect.Detector;
import io.secmlops.detector.eval.CocoEvaluator;
import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The robustness study: clean predictions, every attack at every ε, each defence against the plain and the adaptive
 * attack, and the trade-off rows. Produces the {@code clean}, {@code attacks} and {@code tradeoffs} parts of
 * attack.json (docs/adversarial.md).
 */
public final class AdversarialStudy {

    /** A detection at or above this score counts as "a detection" for retained share and success rate. */
    public static final double OPERATING_SCORE = 0.5;
    /** An image is attacked successfully when fewer than this share of its clean detections survive. */
    public static final double SUCCESS_BELOW_RETAINED = 0.5;

    /** One image with its reference boxes ([x, y, w, h] in original pixels, crowd = ignore region). */
    public record Image(Sample sample, List<CocoEvaluator.Truth> truths) {
    }

    /**
     * @param defenceAttack the ε-attack each defence is evaluated against, plainly and adaptively
     */
    public record Plan(List<String> attacks, List<Double> epsilons, List<Defence> defences, String defenceAttack, AttackCatalog.Settings settings) {
    }

    /** Predictions of one condition. */
    /** @param peakMemoryMb the process's peak resident memory while this evaluation ran (null where it cannot be measured) */
    record Eval(List<List<Detector.Detection>> detections, Match match, List<Double> latencyMs, List<Double> defenceMs, Double peakMemoryMb) {
    }

    private final Estimator estimator;
    private final List<Image> images;
    private final Plan plan;
    private final Consumer<String> progress;
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();

    public AdversarialStudy(Estimator estimator, List<Image> images, Plan plan, Consumer<String> progress) {
        this.estimator = estimator;
        this.images = images;
        this.plan = plan;
        this.progress = progress;
    }

    /** Result parts: clean, attacks, tradeoffs (with the measured cost of verifying the model's signature), timings. */
    public Map<String, Object> run(double signatureCheckMs, String signatureCheckHow) throws SecMlOpsException {
        List<float[]> cleanInputs = images.stream().map(i -> i.sample().input()).toList();
        long t0 = System.nanoTime();
        // one untimed call first: TensorFlow optimises the graph on the first run, which is no per-image latency
        estimator.predict(images.get(0).sample(), cleanInputs.get(0));
        phase("warmup", t0);
        t0 = System.nanoTime();
        Eval clean = evaluate(cleanInputs, null);
        phase("clean", t0);

        Map<String, Object> cleanJson = new LinkedHashMap<>();
        cleanJson.put("ap50", round4(clean.match().ap50()));
        cleanJson.put("detections", countAtOperatingScore(clean));
        cleanJson.put("match", clean.match().toJson());

        // plain attacks, no defence
        Map<String, Map<Double, Double>> robust = new LinkedHashMap<>(); // measure -> eps -> AP50
        Map<Double, List<float[]>> defenceAttackImages = new LinkedHashMap<>();
        for (String spec : plan.attacks()) {
            t0 = System.nanoTime();
            for (Attack a : expand(spec)) {
                List<float[]> adv = generate(a, estimator);
                Eval e = evaluate(adv, null);
                rows.add(row(a, null, false, null, clean, e, adv));
                if (a.name().equals(plan.defenceAttack()) && a.epsilon() != null) {
                    defenceAttackImages.put(a.epsilon(), adv);
                    robust.computeIfAbsent("none", k -> new LinkedHashMap<>()).put(a.epsilon(), e.match().ap50());
                }
            }
            phase("attack:" + spec, t0);
        }

        // defences: clean through the defence, the plain attack's images through it, and the adaptive attack
        Map<String, Eval> defendedClean = new LinkedHashMap<>();
        for (Defence d : plan.defences()) {
            t0 = System.nanoTime();
            Eval dc = evaluate(cleanInputs, d);
            defendedClean.put(d.toString(), dc);
            DefendedEstimator adaptive = new DefendedEstimator(estimator, d, plan.settings().eotSamples(), plan.settings().seed());
            for (double eps : plan.epsilons()) {
                Attack a = AttackCatalog.epsilonAttack(plan.defenceAttack(), eps, plan.settings());
                List<float[]> adv = defenceAttackImages.containsKey(eps) ? defenceAttackImages.get(eps) : generate(a, estimator);
                Eval plain = evaluate(adv, d);
                rows.add(row(a, d.toString(), false, null, dc, plain, adv));
                robust.computeIfAbsent(d.toString(), k -> new LinkedHashMap<>()).put(eps, plain.match().ap50());
                List<float[]> advAdaptive = generate(a, adaptive);
                Eval ad = evaluate(advAdaptive, d);
                rows.add(row(a, d.toString(), true, adaptive.method(), dc, ad, advAdaptive));
                robust.computeIfAbsent(d + "+adaptive", k -> new LinkedHashMap<>()).put(eps, ad.match().ap50());
            }
            phase("defence:" + d.toString(), t0);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clean", cleanJson);
        out.put("attacks", rows);
        out.put("tradeoffs", tradeoffs(clean, defendedClean, robust, signatureCheckMs, signatureCheckHow, cleanInputs));
        out.put("timings", timings);
        return out;
    }

    private List<Attack> expand(String spec) throws SecMlOpsException {
        List<Attack> out = new ArrayList<>();
        if (AttackCatalog.EPSILON_ATTACKS.contains(spec)) {
            for (double eps : plan.epsilons()) {
                out.add(AttackCatalog.epsilonAttack(spec, eps, plan.settings()));
            }
        } else if (spec.equals(AttackCatalog.PATCH)) {
            out.add(AttackCatalog.patch(plan.settings()));
        } else {
            out.addAll(AttackCatalog.corruptionAttacks(spec, plan.settings()));
        }
        return out;
    }

    private List<float[]> generate(Attack a, Estimator est) throws SecMlOpsException {
        long t0 = System.nanoTime();
        List<float[]> out = new ArrayList<>();
        if (a instanceof Attack.PerImage p) {
            for (int i = 0; i < images.size(); i++) {
                out.add(p.generate(est, images.get(i).sample()));
                if (images.size() > 1 && (i + 1) % Math.max(1, images.size() / 4) == 0 || i + 1 == images.size()) {
                    progress.accept(String.format(Locale.ROOT, "%s%s%s: %d/%d images, %.2f images/s", a.name(), label(a),
                            est instanceof DefendedEstimator de ? " vs " + de.defence().name() + " (" + de.method() + ")" : "",
                            i + 1, images.size(), (i + 1) / ((System.nanoTime() - t0) / 1e9)));
                }
            }
            return out;
        }
        out = a.generate(est, images.stream().map(Image::sample).toList());
        progress.accept(String.format(Locale.ROOT, "%s%s: %d/%d images, %.2f images/s", a.name(), label(a), images.size(), images.size(),
                images.size() / ((System.nanoTime() - t0) / 1e9)));
        return out;
    }

    private static String label(Attack a) {
        if (a.epsilon() != null) {
            return " eps=" + fmt(a.epsilon());
        }
        return a instanceof CorruptionAttack c ? " severity " + c.severity() : "";
    }

    /** Detections (through the defence when given, one seeded draw per image), matched against the references. */
    Eval evaluate(List<float[]> inputs, Defence defence) throws SecMlOpsException {
        List<List<Detector.Detection>> dets = new ArrayList<>();
        List<Double> latency = new ArrayList<>();
        List<Double> defenceMs = new ArrayList<>();
        Match match = Match.empty();
        boolean peakReset = resetPeakRss();
        for (int i = 0; i < images.size(); i++) {
            Image img = images.get(i);
            float[] x = inputs.get(i);
            long t0 = System.nanoTime();
            if (defence != null) {
                x = DefendedEstimator.defend(defence, img.sample(), x, plan.settings().seed());
            }
            long t1 = System.nanoTime();
            List<Detector.Detection> d = estimator.predict(img.sample(), x);
            long t2 = System.nanoTime();
            defenceMs.add((t1 - t0) / 1e6);
            latency.add((t2 - t0) / 1e6);
            dets.add(d);
            List<CocoEvaluator.Detection> cd = new ArrayList<>();
            for (Detector.Detection det : d) {
                cd.add(new CocoEvaluator.Detection(img.sample().imageId(), new double[] {det.x1(), det.y1(), det.x2() - det.x1(), det.y2() - det.y1()}, det.score()));
            }
            match = match.plus(ImageMatcher.match(img.truths(), cd));
        }
        return new Eval(dets, match, latency, defenceMs, peakReset ? peakRssMb() : null);
    }

    private Map<String, Object> row(Attack a, String defence, boolean adaptive, String method, Eval clean, Eval attacked, List<float[]> adv) {
        int kept = 0;
        int total = 0;
        int imagesWithDetections = 0;
        int successes = 0;
        double linf = 0;
        double l2 = 0;
        for (int i = 0; i < images.size(); i++) {
            List<Detector.Detection> c = atOperatingScore(clean.detections().get(i));
            List<Detector.Detection> x = atOperatingScore(attacked.detections().get(i));
            int k = 0;
            for (Detector.Detection d : c) {
                for (Detector.Detection e : x) {
                    if (iou(d, e) >= ImageMatcher.IOU) {
                        k++;
                        break;
                    }
                }
            }
            kept += k;
            total += c.size();
            if (!c.isEmpty()) {
                imagesWithDetections++;
                if ((double) k / c.size() < SUCCESS_BELOW_RETAINED) {
                    successes++;
                }
            }
            float[] x0 = images.get(i).sample().input();
            linf += Perturbation.linf(x0, adv.get(i));
            l2 += Perturbation.l2(x0, adv.get(i));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("attack", a.name());
        r.put("norm", a.norm());
        r.put("epsilon", a.epsilon());
        r.put("severity", a instanceof CorruptionAttack c ? c.severity() : null);
        r.put("defence", defence == null ? "none" : defence);
        r.put("adaptive", adaptive);
        r.put("adaptiveMethod", method);
        r.put("ap50", round4(attacked.match().ap50()));
        r.put("retained", total == 0 ? null : round4((double) kept / total));
        r.put("successRate", imagesWithDetections == 0 ? null : round4((double) successes / imagesWithDetections));
        r.put("meanLinf", round4(linf / images.size()));
        r.put("meanL2", round4(l2 / images.size()));
        if (a instanceof AdversarialPatch p) {
            r.put("patchSide", p.side());
        }
        r.put("match", attacked.match().toJson());
        return r;
    }

    private List<Map<String, Object>> tradeoffs(Eval clean, Map<String, Eval> defendedClean, Map<String, Map<Double, Double>> robust,
                                                double signatureCheckMs, String signatureCheckHow, List<float[]> cleanInputs)
            throws SecMlOpsException {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<Double, Double> none = robust.getOrDefault("none", Map.of());
        out.add(tradeoff("none", clean.latencyMs(), clean.peakMemoryMb(), clean.match().ap50(), none, null));
        Map<String, Object> sig = tradeoff("signature-verification", clean.latencyMs(), clean.peakMemoryMb(), clean.match().ap50(), none,
                "checked once when the model is loaded, not per image: " + fmt(signatureCheckMs) + " ms (" + signatureCheckHow
                        + "); it stops a swapped model, not perturbed inputs, so robust AP50 is that of no measure");
        sig.put("loadOverheadMs", round2(signatureCheckMs));
        out.add(sig);
        List<Double> validated = new ArrayList<>();
        for (int i = 0; i < cleanInputs.size(); i++) {
            long t0 = System.nanoTime();
            InputValidation.check(cleanInputs.get(i), estimator.inputSize(), images.get(i).sample().name());
            validated.add(clean.latencyMs().get(i) + (System.nanoTime() - t0) / 1e6);
        }
        out.add(tradeoff("input-validation", validated, clean.peakMemoryMb(), clean.match().ap50(), none,
                "shape, finite values and the 0..255 range checked before each call; perturbations inside the range pass, so robust AP50 is that of no measure"));
        for (Map.Entry<String, Eval> e : defendedClean.entrySet()) {
            out.add(tradeoff(e.getKey(), e.getValue().latencyMs(), e.getValue().peakMemoryMb(), e.getValue().match().ap50(), robust.getOrDefault(e.getKey(), Map.of()),
                    "against " + plan.defenceAttack() + " computed on the undefended model (not adaptive)"));
            out.add(tradeoff(e.getKey() + "+adaptive", e.getValue().latencyMs(), e.getValue().peakMemoryMb(), e.getValue().match().ap50(),
                    robust.getOrDefault(e.getKey() + "+adaptive", Map.of()), "against " + plan.defenceAttack() + " with BPDA (and EOT when randomized)"));
        }
        return out;
    }

    private Map<String, Object> tradeoff(String measure, List<Double> latencyMs, Double peakMemoryMb, Double cleanAp, Map<Double, Double> robustAp,
                                         String note) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measure", measure);
        r.put("latencyP50Ms", round2(percentile(latencyMs, 50)));
        r.put("latencyP95Ms", round2(percentile(latencyMs, 95)));
        double mean = latencyMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        r.put("imagesPerSecond", round2(1000 / mean));
        r.put("peakMemoryMb", peakMemoryMb);
        r.put("cleanAp50", round4(cleanAp));
        Map<String, Object> rob = new LinkedHashMap<>();
        robustAp.forEach((eps, ap) -> rob.put(fmt(eps), round4(ap)));
        r.put("robustAp50", rob);
        r.put("attack", plan.defenceAttack());
        if (note != null) {
            r.put("note", note);
        }
        return r;
    }

    private int countAtOperatingScore(Eval e) {
        return e.detections().stream().mapToInt(l -> atOperatingScore(l).size()).sum();
    }

    private static List<Detector.Detection> atOperatingScore(List<Detector.Detection> l) {
        return l.stream().filter(d -> d.score() >= OPERATING_SCORE).toList();
    }

    private static double iou(Detector.Detection a, Detector.Detection b) {
        return CocoEvaluator.iou(new double[] {a.x1(), a.y1(), a.x2() - a.x1(), a.y2() - a.y1()},
                new double[] {b.x1(), b.y1(), b.x2() - b.x1(), b.y2() - b.y1()}, false);
    }

    private void phase(String name, long t0) {
        timings.merge(name, round2((System.nanoTime() - t0) / 1e6), Double::sum);
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        double pos = p / 100 * (s.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.size() - 1);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (pos - lo);
    }

    /**
     * Resets the kernel's peak-resident-memory mark of this process (Linux: writing 5 to /proc/self/clear_refs), so
     * that the next {@link #peakRssMb()} is the peak of what ran in between; false where that is not possible.
     */
    static boolean resetPeakRss() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** VmHWM of this process (JVM + TensorFlow) since the last reset, MiB; null without /proc. */
    static Double peakRssMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return round2(Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** ε as users write it: 4, 0.5. */
    public static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static Double round4(Double v) {
        return v == null || v.isNaN() ? null : Math.round(v * 10000) / 10000.0;
    }

    static Double round2(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}
