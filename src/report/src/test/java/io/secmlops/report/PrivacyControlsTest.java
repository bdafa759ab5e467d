package io.secmlops.report;

import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.evidence.Timings;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.report.catalog.Catalog;
import io.secmlops.report.catalog.Catalogs;
import io.secmlops.report.catalog.Control;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GDPR data minimisation and EU AI Act record-keeping, from PII-scan, approval and policy evidence. */
class PrivacyControlsTest {
    static CheckedRecord rec(String kind, Verdict v, Map<String, Object> parameters, Map<String, Object> results) {
        EvidenceRecord r = new EvidenceRecord(EvidenceRecord.SCHEMA_VERSION, kind, "x", List.of(Subject.sha256("x", "0".repeat(64))),
                parameters, results, v, List.of(), List.of(), Map.of(),
                new Timings("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1000, Map.of()), RunEnvironment.commandLine().values());
        return new CheckedRecord(r, Path.of(kind + "-x", Evidence.RECORD_FILE), kind + "-x/evidence.json", "0".repeat(64),
                SignatureStatus.UNSIGNED, null, true);
    }

    static ControlStatus status(String framework, String id, CheckedRecord... records) throws Exception {
        Catalog c = Catalogs.builtIn(framework);
        Control control = c.controls().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
        return Evaluator.evaluate(c, control, List.of(records)).status();
    }

    static final CheckedRecord CLEAN_ANONYMISED = rec(Kinds.PII_SCAN, Verdict.PASS, Map.of("anonymised", true, "onPii", "fail"),
            Map.of("cellsWithPii", 0));
    static final CheckedRecord PII_IN_ANONYMISED = rec(Kinds.PII_SCAN, Verdict.FAIL, Map.of("anonymised", true, "onPii", "fail"),
            Map.of("cellsWithPii", 3));
    static final CheckedRecord INVENTORY = rec(Kinds.PII_SCAN, Verdict.PASS, Map.of("anonymised", false, "onPii", "fail"),
            Map.of("cellsWithPii", 12));
    static final CheckedRecord APPROVED = rec(Kinds.APPROVALS, Verdict.PASS, Map.of("role", "security-reviewer"),
            Map.of("approver", "alice", "decision", "approved"));
    static final CheckedRecord POLICY = rec(Kinds.POLICY, Verdict.PASS, Map.of(),
            Map.of("version", "4", "gates", Map.of("piiScan", Map.of("onPii", "fail"))));

    @Test
    void dataMinimisationFromThePiiScan() throws Exception {
        assertThat(status("gdpr", "Art. 5(1)(c)")).isEqualTo(ControlStatus.NOT_ASSESSED);
        assertThat(status("gdpr", "Art. 5(1)(c)", CLEAN_ANONYMISED)).isEqualTo(ControlStatus.SATISFIED);
        assertThat(status("gdpr", "Art. 5(1)(c)", INVENTORY)).isEqualTo(ControlStatus.PARTLY);
        assertThat(status("gdpr", "Art. 5(1)(c)", PII_IN_ANONYMISED)).isNotIn(ControlStatus.SATISFIED, ControlStatus.PARTLY,
                ControlStatus.NOT_ASSESSED);
        assertThat(status("gdpr", "Art. 25(2)", CLEAN_ANONYMISED)).isEqualTo(ControlStatus.SATISFIED);
        assertThat(status("gdpr", "Art. 25(2)", POLICY)).isEqualTo(ControlStatus.PARTLY);
        assertThat(status("gdpr", "Art. 5(2)", APPROVED, POLICY)).isEqualTo(ControlStatus.PARTLY);
    }

    @Test
    void theReportStatesThePolicyInForceWhoApprovedAndWhatTheScanFound() {
        CheckedRecord policy = rec(Kinds.POLICY, Verdict.PASS,
                Map.of("policy", Map.of("path", ".secmlops/policy.yaml", "version", "4", "sha256", "ab".repeat(32))), Map.of());
        assertThat(io.secmlops.report.export.StepSummaries.headline(policy.record()))
                .startsWith("policy in force: .secmlops/policy.yaml version 4, sha256:abab");
        CheckedRecord approved = rec(Kinds.APPROVALS, Verdict.PASS, Map.of(),
                Map.of("approver", "alice", "decision", "approved", "decidedAt", "2026-11-22T09:00:00Z"));
        assertThat(io.secmlops.report.export.StepSummaries.headline(approved.record()))
                .isEqualTo("approved by alice as x at 2026-11-22T09:00:00Z, 1 artifact(s)");
        // ordered, as a record read back from JSON is
        Map<String, Object> byPattern = new java.util.LinkedHashMap<>();
        byPattern.put("email", 3);
        byPattern.put("phone", 1);
        byPattern.put("iban", 0);
        CheckedRecord scan = rec(Kinds.PII_SCAN, Verdict.FAIL, Map.of("anonymised", true),
                Map.of("cellsWithPii", 4, "files", 2, "byPattern", byPattern));
        assertThat(io.secmlops.report.export.StepSummaries.headline(scan.record()))
                .isEqualTo("4 cells with personal data in 2 files (email 3, phone 1); declared anonymised");
    }

    @Test
    void recordKeepingCitesApprovalsAndThePiiScan() throws Exception {
        assertThat(status("eu-ai-act", "Art. 12(2)", APPROVED)).isEqualTo(ControlStatus.PARTLY);
        assertThat(status("eu-ai-act", "Art. 12(2)", PII_IN_ANONYMISED)).isEqualTo(ControlStatus.PARTLY);
    }
}
