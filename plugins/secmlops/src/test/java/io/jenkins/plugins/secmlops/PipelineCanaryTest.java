package io.jenkins.plugins.secmlops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Action;
import io.jenkins.plugins.secmlops.evidence.GovernanceRecords;
import io.jenkins.plugins.secmlops.report.ComplianceReportAction;
import io.jenkins.plugins.secmlops.report.LocalPaths;
import io.jenkins.plugins.secmlops.steps.ApprovalStep;
import io.jenkins.plugins.secmlops.steps.ArtifactScanStep;
import io.jenkins.plugins.secmlops.steps.ComplianceReportStep;
import io.jenkins.plugins.secmlops.steps.DataProvenanceStep;
import io.jenkins.plugins.secmlops.steps.ModelSignStep;
import io.jenkins.plugins.secmlops.steps.ModelVerifyStep;
import io.jenkins.plugins.secmlops.steps.PiiScanStep;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/**
 * The whole pipeline through the plugin's steps on one mocked build and workspace, the signing credential's PEM
 * carrying {@link TestKeys#CANARY}: dataProvenance, piiScan, artifactScan, secmlopsApproval, modelSign, modelVerify,
 * a refused approval (a failed gate: an incident record) and complianceReport signed with the same credential. Then
 * the canary, the private key's DER, its base64 and the EC scalar are looked for in the build log, every file below
 * the build folder and the workspace, and everything that crossed the (mocked) agent channel: they must be nowhere.
 */
@SuppressWarnings({"try", "unchecked"})
class PipelineCanaryTest {
    static final String ID = "pds-signing-key";

    @TempDir
    Path tmp;

    /** Runs the step the way Pipeline does: start() gives the execution whose run() the background thread calls. */
    private static void run(Step step, Fixtures f) throws Exception {
        StepExecution running = spy(step.start(f.context));
        doReturn(f.context).when(running).getContext();
        Method run = null;
        for (Class<?> c = running.getClass(); run == null && c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("run") && m.getParameterCount() == 0) {
                    run = m;
                }
            }
        }
        assertThat(run).as("run() of %s", step.getClass().getSimpleName()).isNotNull();
        run.setAccessible(true);
        try {
            run.invoke(running);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    @Test
    void theCanaryOfTheSigningCredentialAppearsInNoLogEvidenceReportOrWorkspaceFile() throws Exception {
        Fixtures f = new Fixtures(tmp);
        TestKeys keys = new TestKeys();
        List<Object> crossed = new ArrayList<>();
        List<Action> added = new ArrayList<>();
        LocalPaths.configure(f.filePath, f.workspace, crossed::add);
        doAnswer(inv -> added.add(inv.getArgument(0))).when(f.run).addAction(any(Action.class));
        when(f.run.getAction(ComplianceReportAction.class)).thenAnswer(inv -> added.stream()
                .filter(ComplianceReportAction.class::isInstance).findFirst().orElse(null));

        f.dataset("data/pds", "frames.csv", "frame,persons\n1,2\n2,3\n", "sub/labels.json", "{\"persons\":[1,2]}");
        f.dataset("data/pds-meta", "meta.csv", "frame,camera,weather\n1,front,sun\n2,front,fog\n");
        f.dataset("models/pds", "weights.bin", "0123456789abcdef", "config.json", "{\"layers\":3}");
        // a harmless pickle ({'lr': 3}), so the scan reads a file of a format it checks
        Files.write(f.workspace.resolve("models/pds/optimizer.pkl"), new byte[] {(byte) 0x80, 2, '}', 'U', 2, 'l', 'r', 'K', 3, 's', '.'});
        f.dataset("keys", "pds.pub", new String(keys.publicKeyPem(), StandardCharsets.US_ASCII));

        byte[] secret = keys.privateKeyPem();
        assertThat(Secrets.contains(secret, TestKeys.CANARY)).as("the canary is in the credential's PEM").isTrue();

        IdCredentials credential = TestKeys.fileCredential(ID, secret);
        try (MockedStatic<CredentialsProvider> cp = mockStatic(CredentialsProvider.class);
             MockedConstruction<FilePath> local = LocalPaths.constructions(crossed::add);
             MockedConstruction<AbortException> aborts = mockConstruction(AbortException.class, (m, ctx) -> {
                 // as Aborts.mock(), with a stack trace: the spied execution's real call filters it
                 when(m.getMessage()).thenReturn((String) ctx.arguments().get(0));
                 when(m.getStackTrace()).thenReturn(new StackTraceElement[0]);
             })) {
            cp.when(() -> CredentialsProvider.findCredentialById(eq(ID), eq(IdCredentials.class), same(f.run), anyList()))
                    .thenReturn(credential);

            run(new DataProvenanceStep("data/pds", "pds-train"), f);
            PiiScanStep pii = new PiiScanStep("data/pds-meta");
            pii.setAnonymised(true);
            run(pii, f);
            run(new ArtifactScanStep("models/pds"), f);
            ApprovalStep approval = new ApprovalStep("security-reviewer");
            approval.setApprover("alice");
            approval.setArtifacts(List.of("models/pds"));
            approval.setMessage("scan reviewed");
            run(approval, f);
            run(new ModelSignStep("models/pds", ID), f);
            ModelVerifyStep verify = new ModelVerifyStep("models/pds");
            verify.setPublicKey("keys/pds.pub");
            run(verify, f);
            // a refused release: a failed gate, so an incident record beside the evidence
            ApprovalStep refusal = new ApprovalStep("release-manager");
            refusal.setApprover("bob");
            refusal.setDecision("refused");
            refusal.setArtifacts(List.of("models/pds"));
            refusal.setMessage("not this week");
            assertThatThrownBy(() -> run(refusal, f)).isInstanceOf(AbortException.class).hasMessageContaining("refused by 'bob'");
            // post { always { complianceReport credentialsId: ..., failOn: 'never' } }
            ComplianceReportStep report = new ComplianceReportStep();
            report.setCredentialsId(ID);
            report.setFailOn("never");
            report.setOutputDir("reports");
            run(report, f);
        }

        // the pipeline ran: every step's evidence, the report in every format, signed, the metrics and the incident
        Path evidence = f.buildDir.resolve("secmlops/evidence");
        assertThat(Files.list(evidence).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                "001-dataProvenance-pds-train", "002-piiScan-pds-meta", "003-artifactScan-pds",
                "004-approvals-security-reviewer", "005-modelSign-pds", "006-modelVerify-pds",
                "007-approvals-release-manager", "008-complianceReport-compliance", "incidents");
        assertThat(f.log()).contains("modelSign 'pds' passed.").contains("modelVerify 'pds' passed.")
                .contains("signed the report statement");
        assertThat(f.workspace.resolve("models/pds/model.sig")).isRegularFile();

        // where to look: the log, every file below the build folder and the workspace, everything that crossed
        Map<String, byte[]> places = new LinkedHashMap<>();
        places.put("build log", f.log().getBytes(StandardCharsets.UTF_8));
        List<Path> files = Secrets.files(f.buildDir, f.workspace);
        for (Path p : files) {
            places.put(tmp.relativize(p).toString(), Files.readAllBytes(p));
        }
        int i = 0;
        for (Object o : crossed) {
            if (o != null) {
                places.put("agent channel #" + i++ + " " + o.getClass().getSimpleName(), Secrets.serialized(o));
            }
        }
        // ...and every kind of output is there to be looked at (a scan of nothing would prove nothing)
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String kind : List.of("evidence.json", "evidence.intoto.json", "manifest.json", "model.sig", "report.html",
                "report.json", "report.sarif", "report.junit.xml", "bom.cdx.json", "report.dsse.json")) {
            kinds.put(kind, files.stream().filter(p -> p.getFileName().toString().equals(kind)).count());
        }
        kinds.put("incidents", files.stream().filter(p -> p.getParent().equals(evidence.resolve("incidents"))).count());
        kinds.put("metrics", files.stream().filter(p -> p.equals(f.buildDir.resolve(GovernanceRecords.METRICS_FILE))).count());
        kinds.put("workspace reports", files.stream().filter(p -> p.startsWith(f.workspace.resolve("reports"))).count());
        assertThat(kinds).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        assertThat(files.stream().filter(p -> p.getFileName().toString().equals("evidence.json"))
                .filter(p -> p.getParent().getParent().equals(evidence))).as("%s", files).hasSize(8);
        assertThat(kinds.get("report.html")).isEqualTo(2); // stored with the build and published to the workspace
        assertThat(crossed).isNotEmpty();

        byte[] privateDer = keys.signer.getPrivate().getEncoded();
        byte[] scalar = ((ECPrivateKey) keys.signer.getPrivate()).getS().toByteArray();
        if (scalar.length > 1 && scalar[0] == 0) {
            scalar = java.util.Arrays.copyOfRange(scalar, 1, scalar.length); // the sign byte is not in the key's encoding
        }
        String privateBase64 = Base64.getEncoder().encodeToString(privateDer);
        // the guard: each needle is found where the secret is, so a leak would be found too
        assertThat(Secrets.contains(secret, privateBase64.substring(0, 40))).as("base64 of the key in its PEM").isTrue();
        assertThat(Secrets.contains(privateDer, scalar)).as("the EC scalar in the key's DER").isTrue();

        for (Map.Entry<String, byte[]> place : places.entrySet()) {
            byte[] b = place.getValue();
            assertThat(Secrets.contains(b, TestKeys.CANARY)).as("canary in %s", place.getKey()).isFalse();
            assertThat(Secrets.contains(b, privateDer)).as("private key DER in %s", place.getKey()).isFalse();
            assertThat(Secrets.contains(b, scalar)).as("EC scalar in %s", place.getKey()).isFalse();
            assertThat(Secrets.contains(b, privateBase64.substring(0, 40))).as("private key base64 in %s", place.getKey()).isFalse();
            assertThat(Secrets.contains(b, privateBase64.substring(privateBase64.length() - 40)))
                    .as("private key base64 tail in %s", place.getKey()).isFalse();
        }
    }
}
