package io.secmlops.governance.approval;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.incident.Incident;
import io.secmlops.governance.policy.PolicyCheck;
import io.secmlops.engine.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An approval given, one refused, one by a non-member, and an approval whose artifact changed afterwards. */
class ApprovalsTest {
    @TempDir
    Path ws;
    Path evidence;
    final RunEnvironment build = RunEnvironment.jenkins("ml/release", "12", "https://ci/job/release/12/", "built-in");

    @BeforeEach
    void setUp() throws Exception {
        evidence = ws.resolve("evidence");
        Files.createDirectories(ws.resolve("models/pds/variables"));
        Files.writeString(ws.resolve("models/pds/saved_model.pb"), "graph");
        Files.writeString(ws.resolve("models/pds/variables/variables.data"), "weights-v1");
        Files.createDirectories(ws.resolve(".secmlops"));
        Files.writeString(ws.resolve(".secmlops/policy.yaml"), """
                version: 2
                roles:
                  security-reviewer: {members: [alice, bob]}
                requiredSteps: [approval]
                approvals:
                  - {role: security-reviewer, before: modelSign}
                """.replace("requiredSteps: [approval]\n", ""));
    }

    private ApprovalRequest.Builder request(String approver, boolean approved) {
        return ApprovalRequest.builder(ws, "security-reviewer", approver, approved).artifacts(List.of("models/pds"))
                .policy(".secmlops/policy.yaml").message("checked the scan and the robustness figures")
                .decidedAt(Instant.parse("2026-11-22T09:00:00Z")).outputRoot(evidence).environment(build);
    }

    @Test
    void anApprovalGivenIsEvidenceOfWhoApprovedWhichDigests() throws Exception {
        StepResult r = new Approvals(ProgressListener.SILENT).record(request("alice", true).build());
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.record().kind()).isEqualTo("approvals");
        assertThat(r.record().name()).isEqualTo("security-reviewer");
        String digest = Approvals.digest(new Workspace(ws), "models/pds");
        assertThat(r.record().subjects()).singleElement()
                .satisfies(s -> assertThat(s.digest()).containsEntry("sha256", digest));
        assertThat(r.record().results()).containsEntry("approver", "alice").containsEntry("decision", "approved")
                .containsEntry("decidedAt", "2026-11-22T09:00:00Z").containsEntry("roleCheckedAgainstPolicy", true);
        assertThat(r.record().parameters().get("policy")).asString().contains("version=2");
        assertThat(r.record().environment()).containsEntry("buildNumber", "12");
        Approvals.verify(new Workspace(ws), r.directory().resolve(Evidence.RECORD_FILE)); // unchanged: passes

        // the policy check sees the approval and the policy in force
        StepResult check = new PolicyCheck(ProgressListener.SILENT).run(ws, ".secmlops/policy.yaml", evidence,
                ws.resolve("checks"), build);
        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.record().results().get("approvalsGiven")).asString().contains("1/1");
        assertThat(Incident.writeFor(evidence)).isEmpty();
    }

    @Test
    void aRefusalIsEvidenceTooAndOpensAnIncident() throws Exception {
        StepResult r = new Approvals(ProgressListener.SILENT).record(request("bob", false).message("robustness too low").build());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons()).containsExactly("release refused by 'bob' (role security-reviewer): robustness too low");
        assertThat(r.record().results()).containsEntry("decision", "refused").containsEntry("approver", "bob");

        List<Path> incidents = Incident.writeFor(evidence);
        assertThat(incidents).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .isEqualTo("approvals-security-reviewer.json"));
        JsonNode incident = Json.mapper().readTree(incidents.get(0).toFile());
        assertThat(incident.path("schemaVersion").asText()).isEqualTo(Incident.SCHEMA_VERSION);
        assertThat(incident.path("kind").asText()).isEqualTo("approvals");
        assertThat(incident.path("reasons").get(0).asText()).contains("refused by 'bob'");
        assertThat(incident.path("evidence").path("files").path("evidence.json").asText()).hasSize(64);
        assertThat(incident.path("subjects").get(0).path("digest").path("sha256").asText()).hasSize(64);
        assertThat(incident.path("build").path("buildNumber").asText()).isEqualTo("12");
        assertThat(incident.path("policy").path("version").asText()).isEqualTo("2");
        assertThat(incident.path("suggestedAction").asText()).contains("new approval");
        assertThat(Incident.writeFor(evidence)).as("written once").isEmpty();

        StepResult check = new PolicyCheck(ProgressListener.SILENT).run(ws, ".secmlops/policy.yaml", evidence,
                ws.resolve("checks"), build);
        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.reasons()).anyMatch(s -> s.contains("1 approval(s) by role 'security-reviewer'") && s.contains("0 given"));
    }

    @Test
    void anApproverWhoDoesNotHoldTheRoleIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> new Approvals(ProgressListener.SILENT).record(request("mallory", true).build()))
                .isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("'mallory' does not hold the role 'security-reviewer'")
                .hasMessageContaining(".secmlops/policy.yaml");
        assertThatThrownBy(() -> new Approvals(ProgressListener.SILENT).record(
                ApprovalRequest.builder(ws, "model-owner", "alice", true).artifacts(List.of("models/pds"))
                        .policy(".secmlops/policy.yaml").outputRoot(evidence).build()))
                .hasMessageContaining("defines no role 'model-owner'")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("security-reviewer"));
        assertThat(evidence).doesNotExist();
    }

    @Test
    void anApprovalWhoseDigestsNoLongerMatchIsAClearError() throws Exception {
        String before = Approvals.digest(new Workspace(ws), "models/pds");
        StepResult r = new Approvals(ProgressListener.SILENT).record(request("alice", true).build());
        Files.writeString(ws.resolve("models/pds/variables/variables.data"), "weights-v2");
        String after = Approvals.digest(new Workspace(ws), "models/pds");
        assertThatThrownBy(() -> Approvals.verify(new Workspace(ws), r.directory().resolve(Evidence.RECORD_FILE)))
                .isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("no longer matches 'models/pds'")
                .hasMessageContaining("approved sha256:" + before).hasMessageContaining("now sha256:" + after)
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("request a new approval"));
        // the policy check refuses a stale approval the same way
        assertThatThrownBy(() -> new PolicyCheck(ProgressListener.SILENT).run(ws, ".secmlops/policy.yaml", evidence,
                ws.resolve("checks"), build)).hasMessageContaining("no longer matches 'models/pds'");
        // and an approval given against digests the approver was shown, which have changed since
        assertThatThrownBy(() -> new Approvals(ProgressListener.SILENT).record(request("bob", true)
                .expectedDigests(Map.of("models/pds", "sha256:" + before)).build()))
                .hasMessageContaining("approved sha256:" + before).hasMessageContaining("now sha256:" + after);
    }
}
