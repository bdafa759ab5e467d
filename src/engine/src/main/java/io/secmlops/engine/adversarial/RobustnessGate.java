package io.secmlops.engine.adversarial;

import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.OnFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code adversarialTest} gate: every honest row must keep robust AP50 at or above {@code minRobustAP50}, and lose
 * at most {@code maxDrop} against clean AP50. Honest rows are those without a defence, and a defence's rows under the
 * adaptive attack together with its rows under the plain one: a defence is as robust as the weaker of the two (a
 * weak adaptive attacker, e.g. a few PGD steps through a quantiser, can do less than the plain attack). A defended row
 * measured only against the plain attack overstates robustness (gradient masking): it is listed as excluded and never
 * counts. Without thresholds the study is recorded and passes.
 *
 * @param minRobustAP50 the lowest robust AP50 allowed, or null
 * @param maxDrop       the largest clean AP50 − robust AP50 allowed, or null
 */
public record RobustnessGate(Double minRobustAP50, Double maxDrop, OnFailure onFailure) {

    /** What the gate saw: the verdict and the figures it was taken on, for the evidence's results. */
    public record Outcome(Gate gate, Map<String, Object> figures) {
    }

    /**
     * The rows the gate counts: no defence, a defence under the adaptive attack, and a defence under the plain attack
     * when the adaptive one was measured too (then the weaker of the two decides).
     */
    public static List<AttackResult.Row> counted(List<AttackResult.Row> rows) {
        java.util.Set<String> adaptivelyTested = new java.util.HashSet<>();
        for (AttackResult.Row r : rows) {
            if (r.adaptive()) {
                adaptivelyTested.add(defendedCase(r));
            }
        }
        return rows.stream().filter(r -> r.honest() || adaptivelyTested.contains(defendedCase(r))).toList();
    }

    private static String defendedCase(AttackResult.Row r) {
        return r.attack() + "\u0000" + r.epsilon() + "\u0000" + r.severity() + "\u0000" + r.defence();
    }

    /** Applies the gate to the clean match and the attack rows (one shard's, or merged). */
    public Outcome evaluate(Double cleanAp50, List<AttackResult.Row> rows) {
        Gate gate = new Gate();
        List<AttackResult.Row> honest = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        java.util.Set<AttackResult.Row> counted = new java.util.HashSet<>(counted(rows));
        for (AttackResult.Row r : rows) {
            if (!counted.contains(r)) {
                excluded.add(r.label());
            } else if (r.ap50() == null) {
                unmeasured.add(r.label());
            } else {
                honest.add(r);
            }
        }
        AttackResult.Row worst = null;
        for (AttackResult.Row r : honest) {
            if (worst == null || r.ap50() < worst.ap50()) {
                worst = r;
            }
        }
        boolean gated = minRobustAP50 != null || maxDrop != null;
        if (gated && worst == null) {
            gate.violate(onFailure.verdict(), "no honest attack row to gate on (rows without a defence, or defended rows under the "
                    + "adaptive attack): " + (rows.isEmpty() ? "the study has no attack rows" : "only " + String.join("; ", rows.stream()
                    .map(AttackResult.Row::label).toList())));
        }
        if (worst != null && minRobustAP50 != null && worst.ap50() < minRobustAP50) {
            List<String> below = honest.stream().filter(r -> r.ap50() < minRobustAP50).map(r -> r.label() + " " + f(r.ap50())).toList();
            gate.violate(onFailure.verdict(), String.format(Locale.ROOT, "robust AP50 %s under %s < minRobustAP50 %s (%d honest row%s below: %s)",
                    f(worst.ap50()), worst.label(), f(minRobustAP50), below.size(), below.size() == 1 ? "" : "s", String.join("; ", below)));
        }
        Double drop = worst == null || cleanAp50 == null ? null : cleanAp50 - worst.ap50();
        if (drop != null && maxDrop != null && drop > maxDrop + 1e-12) {
            gate.violate(onFailure.verdict(), String.format(Locale.ROOT, "AP50 drop %s (clean %s, %s under %s) > maxDrop %s",
                    f(drop), f(cleanAp50), f(worst.ap50()), worst.label(), f(maxDrop)));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cleanAp50", cleanAp50);
        figures.put("worstRobustAp50", worst == null ? null : worst.ap50());
        figures.put("worstAttack", worst == null ? null : worst.label());
        figures.put("drop", drop);
        figures.put("minRobustAP50", minRobustAP50);
        figures.put("maxDrop", maxDrop);
        figures.put("honestRows", honest.size());
        figures.put("excludedRows", excluded);
        figures.put("unmeasuredRows", unmeasured.isEmpty() ? null : unmeasured);
        return new Outcome(gate, figures);
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
