package io.secmlops.governance.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The steps a policy may name and the gate settings each understands, with the type of each value. Keep in step
 * with the steps' parameters ({@code docs/steps/}).
 */
final class Steps {
    enum Type {
        ON_FAILURE("'fail' or 'unstable'"),
        SEVERITY("'critical', 'high', 'medium', 'low' or 'none'"),
        FRACTION("a number from 0 to 1"),
        COUNT("a whole number, 0 or more"),
        BOOLEAN("true or false"),
        TEXT("a string");

        final String expected;

        Type(String expected) {
            this.expected = expected;
        }
    }

    static final Map<String, Map<String, Type>> GATES = new LinkedHashMap<>();

    static {
        GATES.put("dataProvenance", Map.of());
        GATES.put("modelSign", Map.of());
        GATES.put("modelVerify", Map.of());
        GATES.put("driftGate", Map.of("driftShare", Type.FRACTION, "onDrift", Type.ON_FAILURE, "correction", Type.TEXT,
                "nonFinite", Type.TEXT));
        GATES.put("artifactScan", Map.of("failOn", Type.SEVERITY, "unstableOn", Type.SEVERITY));
        GATES.put("dataAudit", Map.of("maxLeakage", Type.COUNT, "maxClassShift", Type.FRACTION, "onLeakage", Type.ON_FAILURE,
                "onLabelConflict", Type.ON_FAILURE, "onBoxErrors", Type.ON_FAILURE, "onClassShift", Type.ON_FAILURE));
        GATES.put("adversarialTest", Map.of("minRobustAP50", Type.FRACTION, "maxDrop", Type.FRACTION,
                "onFailure", Type.ON_FAILURE));
        GATES.put("piiScan", Map.of("onPii", Type.ON_FAILURE, "anonymised", Type.BOOLEAN));
        GATES.put("complianceReport", Map.of("failOn", Type.TEXT));
        GATES.put("secmlopsApproval", Map.of());
    }

    static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "none");

    private Steps() {
    }
}
