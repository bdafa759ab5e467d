package io.secmlops.detector.cli;

import io.secmlops.detector.adversarial.AttackCatalog;
import io.secmlops.detector.adversarial.DefendedEstimator;
import io.secmlops.detector.adversarial.DetectorEstimator;
import io.secmlops.detector.adversarial.Objective;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.detector.adversarial.attacks.Pgd;
import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.detector.detect.Preprocess;
import io.secmlops.detector.model.LoadedModel;
import io.secmlops.detector.model.RuntimeOptions;
import io.secmlops.engine.SecMlOpsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code bench --attack}: what the robustness study costs, measured on one loaded model.
 *
 * <ul>
 *   <li>PGD-k (L∞, random start) wall time for each k, against k+1 forward-plus-backward passes timed back to back on
 *   the same image in the same round (the cost PGD-k should not exceed: k gradient passes and one forward pass).</li>
 *   <li>Each defence's preprocessing plus the model call (forward with decoding) against the bare model call, on the
 *   same images in the same round.</li>
 * </ul>
 *
 * Every round visits the measurements in the same order, so load from other processes spreads over all of them.
 */
final class AttackBench {

    /** What to measure. {@code rounds} timed repetitions; {@code warmup} untimed ones before. */
    record Plan(Path model, List<Path> images, int threads, List<Integer> pgdSteps, double epsilon, List<Defence> defences, int warmup,
                int rounds, long seed) {
    }

    private final Plan plan;
    private final Consumer<String> progress;

    AttackBench(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** The results part of bench.json (pgd, passes, defences, table) and the model's load time. */
    Map<String, Object> run() throws SecMlOpsException {
        try (LoadedModel m = LoadedModel.open(plan.model(), new RuntimeOptions(plan.threads(), 1))) {
            DetectorEstimator est = new DetectorEstimator(m, Objective.VANISHING, null, 0.5, true);
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < plan.images().size(); i++) {
                Path p = plan.images().get(i);
                Preprocess.Prepared prep = Preprocess.prepare(Images.read(p), est.inputSize(), Preprocess.Mode.LETTERBOX, p.toString());
                samples.add(new Sample(i + 1, p.getFileName().toString(), prep, List.of()));
            }
            Map<Integer, Pgd> pgd = new LinkedHashMap<>();
            for (int k : plan.pgdSteps()) {
                pgd.put(k, new Pgd(Pgd.Norm.LINF, plan.epsilon(), k, 0, true, plan.seed()));
            }

            // untimed: TensorFlow optimises each distinct fetch set on its first run, Java compiles the hot loops
            for (int w = 0; w < plan.warmup(); w++) {
                Sample s = samples.get(w % samples.size());
                est.predict(s, s.input());
                est.loss(s, s.input());
                est.lossGradient(s, s.input());
                for (Defence d : plan.defences()) {
                    est.predict(s, DefendedEstimator.defend(d, s, s.input(), plan.seed()));
                }
                pgd.get(plan.pgdSteps().get(0)).generate(est, s);
            }

            Map<Integer, List<Double>> pgdMs = new LinkedHashMap<>();
            Map<Integer, List<Double>> refMs = new LinkedHashMap<>();
            List<Double> fbMs = new ArrayList<>();
            List<Double> lossMs = new ArrayList<>();
            List<Double> bareMs = new ArrayList<>();
            Map<String, List<Double>> defMs = new LinkedHashMap<>();
            Map<String, List<Double>> defCallMs = new LinkedHashMap<>();
            for (int r = 0; r < plan.rounds(); r++) {
                Sample s = samples.get(r % samples.size());
                long t0 = System.nanoTime();
                est.loss(s, s.input());
                lossMs.add(ms(t0));
                for (Map.Entry<Integer, Pgd> e : pgd.entrySet()) {
                    int k = e.getKey();
                    // reference: k+1 forward-plus-backward passes, back to back, each also timed on its own
                    long b0 = System.nanoTime();
                    for (int i = 0; i <= k; i++) {
                        long p0 = System.nanoTime();
                        est.lossGradient(s, s.input());
                        fbMs.add(ms(p0));
                    }
                    refMs.computeIfAbsent(k, x -> new ArrayList<>()).add(ms(b0));
                    t0 = System.nanoTime();
                    e.getValue().generate(est, s);
                    pgdMs.computeIfAbsent(k, x -> new ArrayList<>()).add(ms(t0));
                }
                // defences: every image, bare call first, then each defence in front of the same call
                for (Sample d : samples) {
                    t0 = System.nanoTime();
                    est.predict(d, d.input());
                    bareMs.add(ms(t0));
                    for (Defence def : plan.defences()) {
                        t0 = System.nanoTime();
                        float[] x = DefendedEstimator.defend(def, d, d.input(), plan.seed());
                        long t1 = System.nanoTime();
                        est.predict(d, x);
                        defMs.computeIfAbsent(def.toString(), x2 -> new ArrayList<>()).add((t1 - t0) / 1e6);
                        defCallMs.computeIfAbsent(def.toString(), x2 -> new ArrayList<>()).add(ms(t0));
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d/%d:", r + 1, plan.rounds()));
                for (int k : pgd.keySet()) {
                    line.append(String.format(Locale.ROOT, " PGD-%d %.0f ms (ref %.0f ms)", k, last(pgdMs.get(k)), last(refMs.get(k))));
                }
                progress.accept(line.toString());
            }
            return results(m.loadMs(), pgdMs, refMs, fbMs, lossMs, bareMs, defMs, defCallMs);
        }
    }

    private Map<String, Object> results(double loadMs, Map<Integer, List<Double>> pgdMs, Map<Integer, List<Double>> refMs, List<Double> fbMs,
                                        List<Double> lossMs, List<Double> bareMs, Map<String, List<Double>> defMs, Map<String, List<Double>> defCallMs) {
        StringBuilder table = new StringBuilder();
        table.append("| PGD steps k | PGD-k p50 ms | PGD-k best ms | (k+1) fwd+bwd p50 ms | (k+1) fwd+bwd best ms | ratio p50 | ratio best | runs |\n");
        table.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Map<String, Object>> pgdRows = new ArrayList<>();
        for (int k : pgdMs.keySet()) {
            List<Double> p = pgdMs.get(k);
            List<Double> ref = refMs.get(k);
            double ratioP50 = Measure.percentile(p, 50) / Measure.percentile(ref, 50);
            double ratioBest = min(p) / min(ref);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("steps", k);
            row.put("pgdMs", Measure.summary(p));
            row.put("referenceMs", Measure.summary(ref));
            row.put("ratioP50", round3(ratioP50));
            row.put("ratioBest", round3(ratioBest));
            pgdRows.add(row);
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f | %d |%n", k, Measure.percentile(p, 50), min(p),
                    Measure.percentile(ref, 50), min(ref), ratioP50, ratioBest, p.size()));
        }
        table.append("\n| measure | p50 ms | p95 ms | preprocessing p50 ms | overhead p50 ms | ratio p50 | ratio p95 | calls |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double b50 = Measure.percentile(bareMs, 50);
        double b95 = Measure.percentile(bareMs, 95);
        table.append(String.format(Locale.ROOT, "| none (bare model call) | %.1f | %.1f | 0.0 | 0.0 | 1.000 | 1.000 | %d |%n", b50, b95, bareMs.size()));
        List<Map<String, Object>> defRows = new ArrayList<>();
        for (Defence d : plan.defences()) {
            List<Double> call = defCallMs.get(d.toString());
            List<Double> pre = defMs.get(d.toString());
            double c50 = Measure.percentile(call, 50);
            double c95 = Measure.percentile(call, 95);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("defence", d.toString());
            row.put("randomized", d.randomized());
            row.put("preprocessingMs", Measure.summary(pre));
            row.put("callMs", Measure.summary(call));
            row.put("overheadP50Ms", Measure.round2(c50 - b50));
            row.put("ratioP50", round3(c50 / b50));
            row.put("ratioP95", round3(c95 / b95));
            defRows.add(row);
            table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %d |%n", d, c50, c95, Measure.percentile(pre, 50),
                    c50 - b50, c50 / b50, c95 / b95, call.size()));
        }
        Map<String, Object> passes = new LinkedHashMap<>();
        passes.put("forwardBackwardMs", Measure.summary(fbMs));
        passes.put("lossForwardMs", Measure.summary(lossMs));
        passes.put("predictMs", Measure.summary(bareMs));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loadMs", loadMs);
        out.put("pgd", pgdRows);
        out.put("passes", passes);
        out.put("bareCallMs", Measure.summary(bareMs));
        out.put("defences", defRows);
        out.put("table", table.toString());
        return out;
    }

    static List<Defence> defences(List<String> names) throws SecMlOpsException {
        List<Defence> out = new ArrayList<>();
        List<String> list = names == null ? AttackCatalog.defenceNames() : names;
        for (String n : list) {
            String t = n.trim();
            if (!t.isEmpty() && !t.equals("none")) {
                out.add(AttackCatalog.defence(t));
            }
        }
        return out;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double last(List<Double> l) {
        return l.get(l.size() - 1);
    }

    private static double min(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
