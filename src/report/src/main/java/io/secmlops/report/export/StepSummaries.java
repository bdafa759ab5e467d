package io.secmlops.report.export;

import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.report.Evaluator;
import io.secmlops.report.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One line of key results per step kind, for people. Unknown kinds and shapes give null. */
public final class StepSummaries {
    private StepSummaries() {
    }

    public static String headline(EvidenceRecord r) {
        Map<String, Object> res = r.results() == null ? Map.of() : r.results();
        return switch (r.kind()) {
            case Kinds.DATA_PROVENANCE -> {
                String s = num(res.get("fileCount")) + " files, " + Values.bytes(res.get("totalBytes")) + ", root sha256:"
                        + Values.shortDigest(res.get("rootDigest"));
                Object matches = Evaluator.lookup(r, "results.verification.matches");
                if (matches != null) {
                    s += Boolean.TRUE.equals(matches) ? "; identical to the pinned manifest" : "; DIFFERS from the pinned manifest";
                }
                yield s;
            }
            case Kinds.MODEL_SIGN -> "signed " + num(res.get("fileCount")) + " files (" + Values.bytes(res.get("totalBytes"))
                    + "), root sha256:" + Values.shortDigest(res.get("rootDigest"))
                    + signer(res.get("signer"));
            case Kinds.MODEL_VERIFY -> "root sha256:" + Values.shortDigest(res.get("rootDigest"))
                    + (res.get("rootDigest") != null && res.get("rootDigest").equals(res.get("signedRootDigest")) ? " = signed" : " vs signed "
                    + Values.shortDigest(res.get("signedRootDigest")))
                    + "; changed " + num(res.get("changedCount")) + ", missing " + num(res.get("missingCount")) + ", unsigned "
                    + num(res.get("unsignedCount"));
            case Kinds.DRIFT_GATE -> res.containsKey("testedColumns")
                    ? num(res.get("driftedColumns")) + " of " + num(res.get("testedColumns")) + " columns drifted (share "
                    + Values.format(res.get("shareOfDriftedColumns")) + ", limit " + Values.format(res.get("driftShare")) + "); dataset drift: "
                    + Values.format(res.get("datasetDrift"))
                    : res.containsKey("profile") ? "reference profile of " + num(res.get("rows")) + " rows" : null;
            case Kinds.ADVERSARIAL_TEST -> adversarial(res);
            case Kinds.ARTIFACT_SCAN -> res.containsKey("filesScanned") ? "scanned " + num(res.get("filesScanned")) + " of "
                    + num(res.get("fileCount")) + " files, root sha256:" + Values.shortDigest(res.get("rootDigest")) + "; findings: "
                    + (Values.map(res.get("findingCounts")).isEmpty() ? "none" : Values.format(res.get("findingCounts"))) : null;
            case Kinds.PII_SCAN -> res.containsKey("cellsWithPii") ? num(res.get("cellsWithPii")) + " cells with personal data in "
                    + num(res.get("files")) + " files" + piiPatterns(res.get("byPattern"))
                    + (Boolean.TRUE.equals(Evaluator.lookup(r, "parameters.anonymised")) ? "; declared anonymised" : "") : null;
            case Kinds.APPROVALS -> res.containsKey("decision") ? res.get("decision") + " by " + res.get("approver") + " as "
                    + r.name() + " at " + res.get("decidedAt") + ", " + (r.subjects() == null ? 0 : r.subjects().size())
                    + " artifact(s)" : null;
            case Kinds.POLICY -> {
                Map<String, Object> p = Values.map(Evaluator.lookup(r, "parameters.policy"));
                yield p.isEmpty() ? null : "policy in force: " + p.get("path") + " version " + p.get("version") + ", sha256:"
                        + Values.shortDigest(p.get("sha256"));
            }
            default -> null;
        };
    }

    /** The patterns found, e.g. " (email 3, phone 1)"; never values, the scan records none. */
    private static String piiPatterns(Object byPattern) {
        List<String> parts = new ArrayList<>();
        Values.map(byPattern).forEach((k, v) -> {
            if (v instanceof Number n && n.longValue() > 0) {
                parts.add(k + " " + n.longValue());
            }
        });
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String signer(Object s) {
        Map<String, Object> m = Values.map(s);
        if (m.isEmpty()) {
            return "";
        }
        return "; signer " + Values.format(m.get("mode")) + (m.get("keyHint") != null ? " key " + Values.shortDigest(m.get("keyHint")) : "")
                + (m.get("curve") != null ? " (" + m.get("curve") + ")" : "");
    }

    /** Clean AP50 and the worst robust AP50, when the record has them. */
    static String adversarial(Map<String, Object> res) {
        Double clean = cleanAp50(res);
        List<String> parts = new ArrayList<>();
        if (clean != null) {
            parts.add("clean AP50 " + Values.format(clean));
        }
        Map<String, Object> worst = null;
        for (Map<String, Object> a : attacks(res)) {
            Double ap = number(a.get("ap50"));
            if (ap != null && (worst == null || ap < number(worst.get("ap50")))) {
                worst = a;
            }
        }
        if (worst != null) {
            parts.add(String.format(Locale.ROOT, "worst robust AP50 %s (%s, ε=%s)", Values.format(worst.get("ap50")),
                    Values.format(worst.get("attack")), Values.format(worst.get("epsilon"))));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** {@code results.clean.ap50}, or {@code results.cleanAp50}. */
    public static Double cleanAp50(Map<String, Object> res) {
        Double d = number(Values.map(res.get("clean")).get("ap50"));
        return d != null ? d : number(res.get("cleanAp50"));
    }

    /** {@code results.attacks}: rows with attack, epsilon and ap50 (robust AP50). */
    public static List<Map<String, Object>> attacks(Map<String, Object> res) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Values.list(res.get("attacks"))) {
            Map<String, Object> m = Values.map(o);
            if (!m.isEmpty()) {
                out.add(m);
            }
        }
        return out;
    }

    /** {@code results.tradeoffs}: one row per defence, any columns. */
    public static List<Map<String, Object>> tradeoffs(Map<String, Object> res) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Values.list(res.get("tradeoffs"))) {
            Map<String, Object> m = Values.map(o);
            if (!m.isEmpty()) {
                out.add(m);
            }
        }
        return out;
    }

    static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static String num(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : Values.format(o);
    }
}
