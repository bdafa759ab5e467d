package io.secmlops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** pii, metrics and policy check on the command line. */
class GovernanceCliTest {
    @TempDir
    Path ws;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void piiInAnonymisedDataExitsOneWithCountsOnlyAndLeavesAnIncident() throws Exception {
        Files.createDirectories(ws.resolve("data"));
        Files.writeString(ws.resolve("data/users.csv"), "id,contact\n1,greta.holm@example.se\n2,+46 8 123 456 78\n3,\n");
        Run r = cli("pii", "data", "--anonymised", "--name", "users", "--workspace=" + ws);
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("data/users.csv [contact] email: 1").contains("data/users.csv [contact] phone: 1");
        assertThat(r.err()).contains("FAIL: 2 cell(s) with personal data in 'users'").contains("incident: ");
        assertThat(r.out() + r.err()).doesNotContain("greta").doesNotContain("123 456");
        Path incident = ws.resolve("work/evidence/incidents/piiScan-users.json");
        assertThat(Files.readString(incident)).contains("\"suggestedAction\"").doesNotContain("greta");

        // the compliance report over that evidence lists the privacy controls and still shows no value
        Run report = cli("report", "work/evidence", "--workspace=" + ws, "--fail-on", "never", "--out", ws.resolve("work/report").toString(), "-q");
        assertThat(report.code()).as(report.err()).isZero();
        StringBuilder all = new StringBuilder(report.out()).append(report.err());
        try (java.util.stream.Stream<Path> files = Files.walk(ws.resolve("work/report"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(p));
            }
        }
        assertThat(all.toString()).contains("Art. 5(1)(c)").contains("2 cells with personal data in 1 files")
                .doesNotContain("greta").doesNotContain("123 456");

        Run m = cli("metrics", ws.resolve("work/evidence").toString(), "--out", ws.resolve("work/secmlops.prom").toString());
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(Files.readString(ws.resolve("work/secmlops.prom")))
                .contains("secmlops_gate_verdict{step=\"piiScan-users\",kind=\"piiScan\",name=\"users\",build=\"cli\"} 2")
                .contains("key=\"byPattern.email\"} 1").endsWith("# EOF\n");
    }

    @Test
    void policyCheckNamesTheLineOfABadPolicyAndRecordsAGoodOne() throws Exception {
        Files.createDirectories(ws.resolve(".secmlops"));
        Files.writeString(ws.resolve(".secmlops/policy.yaml"), "version: 1\nrequiredSteps: [dataProvenance, deployModel]\n");
        Run bad = cli("policy", "check", "--workspace=" + ws);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'.secmlops/policy.yaml' line 2: there is no step 'deployModel'").contains("Fix:");

        Files.writeString(ws.resolve(".secmlops/policy.yaml"), "version: 1\nrequiredSteps: [dataProvenance]\n");
        Run good = cli("policy", "check", "--workspace=" + ws);
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.out()).contains("policy '.secmlops/policy.yaml' version 1 (sha256:");
        assertThat(Files.readString(ws.resolve("work/evidence/policy-policy/evidence.json"))).contains("\"kind\" : \"policy\"");

        Files.createDirectories(ws.resolve("work/empty"));
        Run missing = cli("policy", "check", "--workspace=" + ws, "--evidence", "work/empty", "--out", ws.resolve("work/checks").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("required step(s) did not run: [dataProvenance]");
    }

    @Test
    void anApprovalRecordedThenVerifiedAndCaughtWhenTheModelChanges() throws Exception {
        Files.createDirectories(ws.resolve("models/pds"));
        Files.writeString(ws.resolve("models/pds/model.bin"), "weights-1");
        Run given = cli("approval", "record", "--workspace=" + ws, "--role", "security-reviewer", "--approver", "alice",
                "--artifact", "models/pds", "--message", "ok");
        assertThat(given.code()).as(given.err()).isZero();
        Path record = ws.resolve("work/evidence/approvals-security-reviewer/evidence.json");
        assertThat(Files.readString(record)).contains("\"approver\" : \"alice\"").contains("\"decision\" : \"approved\"");
        assertThat(cli("approval", "verify", record.toString(), "--workspace=" + ws).code()).isZero();

        Files.writeString(ws.resolve("models/pds/model.bin"), "weights-2");
        Run changed = cli("approval", "verify", record.toString(), "--workspace=" + ws);
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.err()).contains("no longer matches 'models/pds': approved sha256:").contains("Fix:");

        Run refused = cli("approval", "record", "--workspace=" + ws, "--role", "security-reviewer", "--approver", "bob",
                "--refuse", "--artifact", "models/pds", "--message", "too fragile");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("release refused by 'bob' (role security-reviewer): too fragile")
                .contains("incident: ");
    }
}
