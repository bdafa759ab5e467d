package io.secmlops.engine.adversarial;

import io.secmlops.engine.evidence.Evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Contract-shaped attack.json documents (docs/adversarial.md), as the detector agent writes them. */
final class AttackJson {
    private AttackJson() {
    }

    /** {@code tps} true positives scored above {@code fps} false positives, among {@code npos} reference boxes. */
    static Match match(int npos, int tps, int fps) {
        List<Double> scores = new ArrayList<>();
        List<Integer> tp = new ArrayList<>();
        for (int i = 0; i < tps; i++) {
            scores.add(0.9 - i * 0.001);
            tp.add(1);
        }
        for (int i = 0; i < fps; i++) {
            scores.add(0.5 - i * 0.001);
            tp.add(0);
        }
        return new Match(npos, scores, tp);
    }

    static Map<String, Object> row(String attack, Double epsilon, String defence, boolean adaptive, Match m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("attack", attack);
        r.put("norm", attack.contains("l2") ? "l2" : "linf");
        r.put("epsilon", epsilon);
        r.put("defence", defence);
        r.put("adaptive", adaptive);
        r.put("ap50", round(m.ap50()));
        r.put("retained", 0.5);
        r.put("successRate", 0.25);
        r.put("meanLinf", epsilon);
        r.put("meanL2", 12.5);
        r.put("match", m.toJson());
        return r;
    }

    static Map<String, Object> result(int index, int count, List<String> images, Match clean, List<Map<String, Object>> rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", AttackResult.SCHEMA);
        r.put("tool", "secmlops-detector-agent");
        r.put("version", "0.1.0");
        r.put("command", "attack");
        r.put("status", "ok");
        r.put("model", Map.of("source", "models/pds", "files", Map.of("saved_model.pb", "sha256:" + "ab".repeat(32))));
        r.put("labels", Map.of("source", "ground-truth", "file", "data/pds-val/annotations.json"));
        Map<String, Object> shard = new LinkedHashMap<>();
        shard.put("index", index);
        shard.put("count", count);
        shard.put("images", images);
        r.put("shard", shard);
        r.put("settings", new LinkedHashMap<>(Map.of("seed", 7, "threads", 2, "steps", 5, "objective", "vanishing",
                "attacks", List.of("pgd-linf"), "epsilons", List.of(8.0), "defences", List.of("jpeg"))));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ap50", round(clean.ap50()));
        c.put("detections", clean.scores().size());
        c.put("match", clean.toJson());
        r.put("clean", c);
        r.put("attacks", rows);
        Map<String, Object> tradeoff = new LinkedHashMap<>();
        tradeoff.put("measure", "none");
        tradeoff.put("latencyP50Ms", 41.5);
        tradeoff.put("cleanAp50", round(clean.ap50()));
        tradeoff.put("robustAp50", Map.of("8", 0.3));
        r.put("tradeoffs", List.of(tradeoff));
        Map<String, Object> imgs = new LinkedHashMap<>();
        imgs.put("epsCurve", null);
        imgs.put("pareto", null);
        imgs.put("table", null);
        r.put("images", imgs);
        r.put("timings", Map.of("totalMs", 1234.5));
        return r;
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 1e4) / 1e4;
    }

    static byte[] bytes(Map<String, Object> json) {
        return Evidence.json(json);
    }
}
