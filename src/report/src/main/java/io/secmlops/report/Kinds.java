package io.secmlops.report;

import java.util.List;

/** The evidence kinds the suite's steps write, and the wildcard catalogues may use for "any kind". */
public final class Kinds {
    public static final String DATA_PROVENANCE = "dataProvenance";
    public static final String MODEL_SIGN = "modelSign";
    public static final String MODEL_VERIFY = "modelVerify";
    public static final String ADVERSARIAL_TEST = "adversarialTest";
    public static final String DRIFT_GATE = "driftGate";
    public static final String DATA_AUDIT = "dataAudit";
    public static final String ARTIFACT_SCAN = "artifactScan";
    public static final String APPROVALS = "approvals";
    /** PII scan of data and metadata (src/governance). */
    public static final String PII_SCAN = "piiScan";
    /** The policy in force (src/governance, {@code secmlops policy check}). */
    public static final String POLICY = "policy";
    /** In a catalogue rule: a record of any kind. */
    public static final String ANY = "*";

    /** Every kind a catalogue may name, in pipeline order. */
    public static final List<String> KNOWN = List.of(DATA_PROVENANCE, DATA_AUDIT, ADVERSARIAL_TEST, MODEL_SIGN, ARTIFACT_SCAN,
            MODEL_VERIFY, APPROVALS, DRIFT_GATE, PII_SCAN, POLICY);

    private Kinds() {
    }

    public static boolean known(String kind) {
        return KNOWN.contains(kind);
    }
}
