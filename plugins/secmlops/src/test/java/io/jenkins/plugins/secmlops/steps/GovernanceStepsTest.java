package io.jenkins.plugins.secmlops.steps;

import hudson.AbortException;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.evidence.GovernanceRecords;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsIncidentsAction;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * piiScan and secmlopsApproval through the step runner, with the real engine where the agent would run it: an approval
 * given and one refused, each with its evidence, the incident record of the refusal, and the build's metrics file.
 */
class GovernanceStepsTest {
    @TempDir
    Path tmp;
    Fixtures f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        f.dataset("models/pds", "saved_model.pb", "graph", "variables/variables.data", "weights");
        f.dataset(".secmlops", "policy.yaml", """
                version: 7
                roles:
                  security-reviewer: {members: [alice, bob]}
                gates:
                  piiScan: {onPii: fail}
                requiredSteps: [piiScan]
                approvals:
                  - {role: security-reviewer, before: modelSign}
                """);
        f.dataset("data/customers", "users.csv", "id,email,score\n1,greta.holm@example.se,0.5\n2,,0.7\n");
    }

    private Path stored(String folder) {
        return f.buildDir.resolve("secmlops/evidence").resolve(folder);
    }

    private ApprovalStep approval(String approver, String decision) {
        ApprovalStep s = new ApprovalStep("security-reviewer");
        s.setApprover(approver);
        s.setDecision(decision);
        s.setArtifacts(List.of("models/pds"));
        s.setMessage("robustness and scan reviewed");
        return s;
    }

    @Test
    void descriptors() {
        assertThat(new ApprovalStep.DescriptorImpl().getFunctionName()).isEqualTo("secmlopsApproval");
        assertThat(ApprovalStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("secmlopsApproval");
        assertThat(new ApprovalStep.DescriptorImpl().argumentsToString(Map.of("role", "security-reviewer"))).isEqualTo("security-reviewer");
        assertThat(new PiiScanStep.DescriptorImpl().getFunctionName()).isEqualTo("piiScan");
        assertThat(PiiScanStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("piiScan");
        ApprovalStep defaults = new ApprovalStep(" security-reviewer ");
        defaults.setDecision(" ");
        assertThat(defaults.getRole()).isEqualTo("security-reviewer");
        assertThat(defaults.getDecision()).isEqualTo("approved");
    }

    @Test
    void anApprovalGivenIsStoredWithTheBuildAndTheReleaseGoesOn() throws Exception {
        StepRunner.run(f.context, approval("alice", "approved")::callable);
        String record = Files.readString(stored("001-approvals-security-reviewer/evidence.json"));
        assertThat(record).contains("\"approver\" : \"alice\"").contains("\"decision\" : \"approved\"")
                .contains("\"verdict\" : \"PASS\"").contains("\"version\" : \"7\"").contains("\"buildNumber\" : \"7\"")
                .containsPattern("\"sha256\" : \"[0-9a-f]{64}\"");
        assertThat(f.log()).contains("approvals 'security-reviewer': approved by alice");
        assertThat(stored("incidents")).doesNotExist();
        assertThat(Files.readString(f.buildDir.resolve(GovernanceRecords.METRICS_FILE)))
                .contains("secmlops_gate_verdict{step=\"001-approvals-security-reviewer\",kind=\"approvals\","
                        + "name=\"security-reviewer\",build=\"7\"} 0");
    }

    @Test
    void aRefusalIsStoredOpensAnIncidentAndStopsTheRelease() throws Exception {
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, approval("bob", "refused")::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessage("approvals 'security-reviewer' FAIL: release refused by 'bob' (role security-reviewer): "
                            + "robustness and scan reviewed");
        }
        assertThat(Files.readString(stored("001-approvals-security-reviewer/evidence.json")))
                .contains("\"decision\" : \"refused\"").contains("\"verdict\" : \"FAIL\"");
        String incident = Files.readString(stored("incidents/001-approvals-security-reviewer.json"));
        assertThat(incident).contains("secmlops.incident/v1").contains("refused by 'bob'").contains("\"suggestedAction\"")
                .contains("\"folder\" : \"001-approvals-security-reviewer\"");
        assertThat(f.log()).contains("SecMLOps: incident record secmlops/evidence/incidents/001-approvals-security-reviewer.json");
        assertThat(Files.readString(f.buildDir.resolve(GovernanceRecords.METRICS_FILE)))
                .contains("secmlops_build_verdict{build=\"7\"} 2");
        verify(f.run).addAction(isA(SecMlOpsIncidentsAction.class));
        List<SecMlOpsIncidentsAction.View> shown = new SecMlOpsIncidentsAction(f.run).getIncidents();
        assertThat(shown).singleElement().satisfies(v -> {
            assertThat(v.getStep()).isEqualTo("001-approvals-security-reviewer");
            assertThat(v.getKind()).isEqualTo("approvals");
            assertThat(v.getReasons()).containsExactly("release refused by 'bob' (role security-reviewer): robustness and scan reviewed");
            assertThat(v.getSuggestedAction()).contains("new approval");
        });
    }

    @Test
    void anApproverOutsideTheRoleIsRefusedBeforeAnythingIsStored() throws Exception {
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, approval("mallory", "approved")::callable))
                    .hasMessageContaining("'mallory' does not hold the role 'security-reviewer'");
            ApprovalStep maybe = approval("alice", "maybe");
            assertThatThrownBy(() -> StepRunner.run(f.context, maybe::callable)).hasMessageContaining("'approved' or 'refused'");
        }
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
        verify(f.run, never()).addAction(any());
    }

    @Test
    void beforeDeploymentVerifyChecksTheApprovedDigestsStillMatch() throws Exception {
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> ApprovalVerification.run(f.context, "security-reviewer"))
                    .hasMessageContaining("no approval by role 'security-reviewer' was recorded in this build");
            StepRunner.run(f.context, approval("alice", "approved")::callable);
            ApprovalVerification.run(f.context, "security-reviewer");
            assertThat(f.log()).contains("the approval by role 'security-reviewer' still matches its artifacts");

            Files.writeString(f.workspace.resolve("models/pds/variables/variables.data"), "weights, retrained after approval");
            assertThatThrownBy(() -> ApprovalVerification.run(f.context, "security-reviewer"))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("no longer matches 'models/pds': approved sha256:")
                    .hasMessageContaining("request a new approval");

            assertThatThrownBy(() -> StepRunner.run(f.context, approval("bob", "refused")::callable)).hasMessageContaining("refused");
            assertThatThrownBy(() -> ApprovalVerification.run(f.context, "security-reviewer"))
                    .hasMessageContaining("is 'refused', not an approval");
        }
        ApprovalStep verify = new ApprovalStep("security-reviewer");
        verify.setVerify(true);
        assertThat(verify.isVerify()).isTrue();
    }

    @Test
    void thePolicyInForceIsRecordedAndEnforcedAgainstTheBuildsEvidence() throws Exception {
        PolicyStep record = new PolicyStep();
        StepRunner.run(f.context, record::callable);
        assertThat(Files.readString(stored("001-policy-policy/evidence.json"))).contains("\"kind\" : \"policy\"")
                .contains("\"version\" : \"7\"").containsPattern("\"name\" : \".secmlops/policy.yaml\",\\s*\"digest\"");

        PolicyStep enforce = new PolicyStep();
        enforce.setEnforce(true);
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, enforce::callable))
                    .hasMessageContaining("required step(s) did not run: [piiScan]")
                    .hasMessageContaining("1 approval(s) by role 'security-reviewer' required before modelSign, 0 given");
        }
        PiiScanStep scan = new PiiScanStep("data/customers");
        StepRunner.run(f.context, scan::callable); // not declared anonymised: PASS, an inventory
        StepRunner.run(f.context, approval("alice", "approved")::callable);
        StepRunner.run(f.context, enforce::callable);
        assertThat(Files.readString(stored("005-policy-policy/evidence.json"))).contains("\"verdict\" : \"PASS\"")
                .contains("this build's evidence");
    }

    @Test
    void piiInAnonymisedDataFailsWithCountsOnly() throws Exception {
        PiiScanStep s = new PiiScanStep("data/customers");
        s.setAnonymised(true);
        s.setName("customers");
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, s::callable))
                    .hasMessageStartingWith("piiScan 'customers' FAIL: 1 cell(s) with personal data")
                    .hasMessageContaining("email in data/customers/users.csv column 'email' (1)");
        }
        assertThat(f.log()).doesNotContain("greta");
        try (Stream<Path> files = Files.walk(f.buildDir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p)).as(p.toString()).doesNotContain("greta").doesNotContain("holm@");
            }
        }
        assertThat(stored("incidents/001-piiScan-customers.json")).exists();
    }
}
