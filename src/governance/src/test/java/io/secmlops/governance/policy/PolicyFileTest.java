package io.secmlops.governance.policy;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.hash.ParallelHasher;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFileTest {
    static final String GOOD = """
            # release policy of the pedestrian detector
            version: 4
            roles:
              security-reviewer:
                description: reviews model releases
                members: [alice, bob]
              data-steward:
                members:
                  - carol
            gates:
              driftGate:
                driftShare: 0.3
                onDrift: unstable
              artifactScan: {failOn: high, unstableOn: medium}
              piiScan:
                onPii: fail
            requiredSteps: [dataProvenance, piiScan, modelSign]
            approvals:
              - role: security-reviewer
                before: modelSign
                count: 2
              - role: data-steward
                before: dataProvenance
            """;

    static PolicyFile parse(String yaml) throws SecMlOpsException {
        return PolicyFile.parse(yaml.getBytes(StandardCharsets.UTF_8), ".secmlops/policy.yaml");
    }

    @Test
    void aGoodPolicyAndTheReferenceEvidenceRecords() throws Exception {
        PolicyFile pf = parse(GOOD);
        Policy p = pf.policy();
        assertThat(p.version()).isEqualTo("4");
        assertThat(p.roles().get("security-reviewer").members()).containsExactly("alice", "bob");
        assertThat(p.gateSetting("driftGate", "driftShare")).isEqualTo("0.3");
        assertThat(p.gateSetting("piiScan", "onPii")).isEqualTo("fail");
        assertThat(p.gateSetting("piiScan", "anonymised")).isNull();
        assertThat(p.requiredSteps()).containsExactly("dataProvenance", "piiScan", "modelSign");
        assertThat(p.approvalsBefore("modelSign")).containsExactly(new Policy.ApprovalRule("security-reviewer", "modelSign", 2));
        assertThat(p.approvalsBefore("dataProvenance").get(0).count()).isEqualTo(1);
        assertThat(pf.reference()).containsEntry("version", "4").containsEntry("path", ".secmlops/policy.yaml")
                .containsEntry("sha256", ParallelHasher.sha256Hex(GOOD.getBytes(StandardCharsets.UTF_8)));
    }

    private static void refused(String yaml, String... expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SecMlOpsException.class)
                .satisfies(e -> {
                    String one = ((SecMlOpsException) e).oneLine();
                    assertThat(one).contains(".secmlops/policy.yaml").contains(" Fix: ");
                    for (String s : expected) {
                        assertThat(one).contains(s);
                    }
                });
    }

    @Test
    void malformedYamlNamesTheLine() {
        refused("version: 1\nroles:\n  a:\n    members: [x\n  b: 1\n", "line 5", "not valid YAML");
        refused("version: 1\nversion: 2\n", "line 2");
    }

    @Test
    void unknownKeysNameTheLineAndTheAllowedKeys() {
        refused(GOOD.replace("requiredSteps:", "requiredStep:"), "line 17", "unknown key 'requiredStep'", "requiredSteps");
        refused(GOOD.replace("driftShare: 0.3", "driftShar: 0.3"), "line 12", "unknown key 'driftShar' under 'driftGate'",
                "driftShare");
        refused(GOOD.replace("count: 2", "count: 2\n    when: always"), "line 22", "unknown key 'when'");
    }

    @Test
    void aStepOrRoleThatDoesNotExist() {
        refused(GOOD.replace("  piiScan:\n    onPii", "  piiScann:\n    onPii"), "line 15", "no step 'piiScann'", "piiScan");
        refused(GOOD.replace("[dataProvenance, piiScan, modelSign]", "[dataProvenance, modelDeploy]"), "line 17",
                "no step 'modelDeploy'");
        refused(GOOD.replace("role: data-steward", "role: data-owner"), "line 22", "role 'data-owner' is not defined",
                "security-reviewer");
        refused(GOOD.replace("before: modelSign", "before: deploy"), "line 20", "no step 'deploy'");
    }

    @Test
    void valuesOfTheWrongTypeAndImpossibleCounts() {
        refused(GOOD.replace("driftShare: 0.3", "driftShare: 30"), "line 12", "a number from 0 to 1");
        refused(GOOD.replace("onDrift: unstable", "onDrift: warn"), "line 13", "'fail' or 'unstable'");
        refused(GOOD.replace("count: 2", "count: 3"), "line 21", "cannot be met");
        refused(GOOD.replace("version: 4\n", ""), "no 'version'");
        refused(GOOD.replace("members: [alice, bob]", "members: []"), "line 6", "has no members");
        refused("", "is empty");
        assertThat(List.of()).isEmpty();
    }
}
