package io.secmlops.signing;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the artifact scan found in the files about to be signed, as {@link ModelSigning#prepare} ran it: it travels with
 * the {@link PreparedSignature} so that {@link ModelSigning#write} records it in the signing evidence.
 *
 * @param filesScanned   files read by the scan (the others are formats no loader executes)
 * @param findings       number of findings per severity: critical, high, medium, low
 * @param critical       up to 20 critical findings, one line each
 * @param high           up to 20 high findings, one line each
 * @param overridden     true when critical findings were present and the override let signing go on
 * @param overrideReason the override's reason when one was given (needed or not), else null
 */
public record ScanSummary(int filesScanned, Map<String, Integer> findings, List<String> critical, List<String> high,
                          boolean overridden, String overrideReason) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ScanSummary {
        findings = Map.copyOf(findings);
        critical = List.copyOf(critical);
        high = List.copyOf(high);
    }

    /** {@code results.artifactScan} of the signing evidence. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filesScanned", filesScanned);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low")) {
            counts.put(s, findings.getOrDefault(s, 0));
        }
        m.put("findings", counts);
        m.put("overridden", overridden);
        if (overrideReason != null) {
            m.put("overrideReason", overrideReason);
        }
        if (!critical.isEmpty()) {
            m.put("critical", critical);
        }
        if (!high.isEmpty()) {
            m.put("high", high);
        }
        return m;
    }

    /** One line for the log and the summary. */
    public String describe() {
        String s = "artifact scan: " + filesScanned + " file(s) read; findings: " + findings.getOrDefault("critical", 0)
                + " critical, " + findings.getOrDefault("high", 0) + " high, " + findings.getOrDefault("medium", 0)
                + " medium, " + findings.getOrDefault("low", 0) + " low";
        if (overridden) {
            s += "; SIGNED DESPITE the critical findings (overrideScan: '" + overrideReason + "')";
        } else if (overrideReason != null) {
            s += "; overrideScan given ('" + overrideReason + "') but not needed";
        }
        return s;
    }
}
