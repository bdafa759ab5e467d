package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Action;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.Secrets;
import io.jenkins.plugins.secmlops.TestKeys;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.ReportOutcome;
import io.jenkins.plugins.secmlops.report.ComplianceReportAction;
import io.jenkins.plugins.secmlops.report.LocalPaths;
import io.jenkins.plugins.secmlops.report.ReportFiles;
import io.jenkins.plugins.secmlops.report.ReportView;
import io.jenkins.plugins.secmlops.report.TrendSummary;
import io.secmlops.engine.evidence.Dsse;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.Statement;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.report.ComplianceReport;
import io.secmlops.report.EnvelopeVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/**
 * complianceReport end to end on the controller side: evidence written by the real engine and stored beside a mocked
 * build, FilePath mocks that copy and act on local folders, the real report engine where the agent would run it.
 */
@SuppressWarnings({"try", "unchecked"})
class ComplianceReportStepTest {
    static final String ID = "report-signing-key";
    static final String XSS_FILE = "<script>alert(1)</script>.png";
    static final String MODEL = "pds \"night\" & 'day' <v2>";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Fixtures f;
    TestKeys keys;
    EvidenceStore store;
    final List<Object> crossed = new ArrayList<>();
    final List<Action> added = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        keys = new TestKeys();
        store = EvidenceStore.of(f.run);
        LocalPaths.configure(f.filePath, f.workspace, crossed::add);
        doAnswer(inv -> added.add(inv.getArgument(0))).when(f.run).addAction(any(Action.class));
        org.mockito.Mockito.when(f.run.getAction(ComplianceReportAction.class)).thenAnswer(inv -> added.stream()
                .filter(ComplianceReportAction.class::isInstance).findFirst().orElse(null));
    }

    /** One record written by the engine for build 7 of ml/train, stored beside the build as a step would. */
    Path record(String kind, String name, String buildNumber, Verdict verdict, Map<String, Object> results,
                Map<String, byte[]> outputs) throws Exception {
        Evidence e = Evidence.begin(kind, name, RunEnvironment.jenkins("ml/train", buildNumber,
                "https://ci.example/job/ml/job/train/" + buildNumber + "/", "gpu-1"));
        e.subject(io.secmlops.engine.evidence.Subject.sha256(name, "cd".repeat(32)));
        results.forEach(e::result);
        outputs.forEach(e::output);
        Gate gate = new Gate();
        if (verdict != Verdict.PASS) {
            gate.violate(verdict, "changed: " + XSS_FILE);
        }
        StepResult r = e.commit(tmp.resolve("gen"), gate, "");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : r.files()) {
            files.put(file, Files.readAllBytes(r.directory().resolve(file)));
        }
        return store.store(r.directory().getFileName().toString(), files);
    }

    void buildEvidence() throws Exception {
        record("dataProvenance", MODEL, "7", Verdict.FAIL, Map.of("rootDigest", "ab".repeat(32),
                "diff", Map.of("baseline", "build #6", "added", 1, "removed", 0, "changed", 0,
                        "addedFiles", List.of(XSS_FILE))), Map.of());
        record("adversarialTest", "pgd", "7", Verdict.PASS, Map.of("clean", Map.of("ap50", 0.8),
                "attacks", List.of(Map.of("attack", "fgsm", "epsilon", 0.01, "ap50", 0.6),
                        Map.of("attack", "pgd", "epsilon", 0.03, "ap50", 0.41))),
                Map.of("epsilon-curve.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        record("driftGate", "incoming", "7", Verdict.PASS, Map.of("shareOfDriftedColumns", 0.25, "datasetDrift", false),
                Map.of());
    }

    ComplianceReportStep step() {
        ComplianceReportStep s = new ComplianceReportStep();
        s.setFrameworks(List.of("owasp-ml", "atlas", "eu-ai-act"));
        s.setFailOn("never");
        return s;
    }

    private MockedStatic<CredentialsProvider> credentials(IdCredentials credential) {
        MockedStatic<CredentialsProvider> cp = mockStatic(CredentialsProvider.class);
        cp.when(() -> CredentialsProvider.findCredentialById(eq(ID), eq(IdCredentials.class), same(f.run), anyList()))
                .thenReturn(credential);
        return cp;
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    List<Path> allFiles(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void signedReportIsStoredBesideTheBuildCopiedToTheWorkspaceAndShownEscaped() throws Exception {
        buildEvidence();
        ComplianceReportStep s = step();
        s.setCredentialsId(ID);
        s.setOutputDir("reports");
        s.setFormats(List.of("SARIF", "junit", "html"));
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, keys.privateKeyPem()));
             MockedConstruction<FilePath> local = LocalPaths.constructions(crossed::add)) {
            s.run(f.context);
            cp.verify(() -> CredentialsProvider.track(same(f.run), any(IdCredentials.class)));
        }
        Path dir = f.buildDir.resolve("secmlops/evidence/004-complianceReport-compliance");
        assertThat(dir.resolve("report.html")).exists();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                "report.html", "report.json", "report.sarif", "report.junit.xml", "bom.cdx.json", "evidence.json",
                "evidence.intoto.json", "report.dsse.json");
        assertThat(Files.list(f.buildDir.resolve("secmlops/evidence")).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.startsWith(".staging"));
        // the temporary copy on the agent is gone; the workspace got the chosen formats and the envelope
        assertThat(Files.list(f.workspace.resolve(".secmlops/tmp")).toList()).isEmpty();
        assertThat(Files.list(f.workspace.resolve("reports")).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("report.sarif", "report.junit.xml", "report.html", "report.dsse.json");

        // DSSE: an in-toto statement of the five report files, verified by the engine's verifier with the public key
        Dsse.Envelope env = JSON.readValue(Files.readAllBytes(dir.resolve("report.dsse.json")), Dsse.Envelope.class);
        assertThat(env.payloadType()).isEqualTo(Statement.PAYLOAD_TYPE);
        JsonNode statement = JSON.readTree(env.payloadBytes());
        assertThat(statement.path("_type").asText()).isEqualTo(Statement.TYPE);
        assertThat(statement.path("predicateType").asText()).isEqualTo(ComplianceReport.PREDICATE_TYPE)
                .isEqualTo(ReportFiles.PREDICATE_TYPE);
        Map<String, String> subjects = new LinkedHashMap<>();
        statement.path("subject").forEach(x -> subjects.put(x.path("name").asText(), x.path("digest").path("sha256").asText()));
        assertThat(subjects.keySet()).containsExactly("report.html", "report.json", "report.sarif", "report.junit.xml",
                "bom.cdx.json");
        for (Map.Entry<String, String> e : subjects.entrySet()) {
            assertThat(sha256(dir.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(statement.path("predicate").path("totals").path("satisfied").isInt()).isTrue();
        assertThat(statement.path("predicate").has("signed")).isFalse();
        EnvelopeVerifier verifier = EnvelopeVerifier.of(keys.signer.getPublic());
        byte[] sig = Base64.getDecoder().decode(env.signatures().get(0).sig());
        assertThat(verifier.verify(env.pae(), sig)).isTrue();
        // tampering: a changed report no longer matches its subject; a changed statement no longer verifies
        Files.writeString(dir.resolve("report.html"), "<p>all controls satisfied</p>");
        assertThat(sha256(dir.resolve("report.html"))).isNotEqualTo(subjects.get("report.html"));
        byte[] forged = env.payloadBytes().clone();
        forged[forged.length / 2] ^= 1;
        assertThat(verifier.verify(Dsse.pae(env.payloadType(), forged), sig)).isFalse();
        Files.write(dir.resolve("report.html"), Files.readAllBytes(f.workspace.resolve("reports/report.html")));

        // the key stayed on the controller: not in the log, any file, or anything that crossed the channel
        PrivateKey key = keys.signer.getPrivate();
        String b64 = Base64.getEncoder().encodeToString(key.getEncoded());
        assertThat(f.log()).doesNotContain(TestKeys.CANARY).doesNotContain(b64).contains("signed the report statement");
        for (Path p : allFiles(tmp)) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(text).as(p.toString()).doesNotContain(TestKeys.CANARY).doesNotContain(b64);
        }
        assertThat(crossed).anyMatch(ComplianceReportCallable.class::isInstance).anyMatch(PublishReportCallable.class::isInstance);
        for (Object o : crossed) {
            if (o == null) {
                continue;
            }
            String serialized = new String(Secrets.serialized(o), StandardCharsets.ISO_8859_1);
            assertThat(serialized).doesNotContain(TestKeys.CANARY).doesNotContain(b64);
            assertThat(Secrets.classesIn(o)).allMatch(Secrets::jdkOrPlugin);
        }

        // the action keeps small fields; the trend summary has the worst robust AP50 and the drift share
        ComplianceReportAction action = (ComplianceReportAction) added.stream()
                .filter(ComplianceReportAction.class::isInstance).findFirst().orElseThrow();
        ComplianceReportAction.Entry entry = action.getLatest();
        assertThat(entry.getFolder()).isEqualTo("004-complianceReport-compliance");
        assertThat(entry.getRecords()).isEqualTo(3);
        assertThat(entry.getSignedWith()).isEqualTo(ID);
        assertThat(entry.getTotal()).isPositive();
        assertThat(entry.getSteps()).anyMatch(v -> v.getName().equals(MODEL) && v.getVerdict().equals("FAIL"));
        TrendSummary summary = TrendSummary.read(f.buildDir);
        assertThat(summary.robustAp50()).isEqualTo(0.41);
        assertThat(summary.driftShare()).isEqualTo(0.25);
        assertThat(summary.controlsSatisfied()).isEqualTo(entry.getSatisfied());
        assertThat(summary.controlsTotal()).isEqualTo(entry.getTotal());

        // what Jelly shows is plain text (Jelly escapes it), never pre-escaped or raw HTML
        org.mockito.Mockito.when(f.run.getRootDir()).thenReturn(f.buildDir.toFile());
        action.onLoad(f.run);
        ReportView view = action.getReports().get(0);
        assertThat(view.getError()).isNull();
        assertThat(view.getFrameworks()).hasSize(3);
        ReportView.Step data = view.getSteps().stream().filter(x -> x.getKind().equals("dataProvenance")).findFirst().orElseThrow();
        assertThat(data.getName()).isEqualTo(MODEL);
        assertThat(data.getDiff().getAdded()).containsExactly(XSS_FILE);
        ReportView.Step adv = view.getSteps().stream().filter(x -> x.getKind().equals("adversarialTest")).findFirst().orElseThrow();
        assertThat(adv.getImages()).containsExactly("epsilon-curve.png");
        assertThat(adv.getFolder()).isEqualTo("002-adversarialTest-pgd");

        // the HTML and SARIF escape the file and model names
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain(XSS_FILE).doesNotContain("<script").doesNotContain(MODEL)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;.png");
        String sarif = Files.readString(dir.resolve("report.sarif"));
        assertThat(sarif).doesNotContain("<script").doesNotContain("<v2>").containsIgnoringCase("\\u003cscript\\u003e");
        JsonNode parsed = JSON.readTree(sarif);
        assertThat(parsed.toString()).contains(XSS_FILE.replace("\"", "\\\""));
    }

    @Test
    void refusalsStoreNothingAndLeaveNoTemporaryFolder() throws Exception {
        buildEvidence();
        ComplianceReportStep unknown = step();
        unknown.setFrameworks(List.of("owasp-ml", "sox"));
        String message = refused(unknown);
        assertThat(message).contains("sox").contains("owasp-ml").contains("atlas").contains("eu-ai-act");
        assertNothingStored(3);

        ComplianceReportStep failOn = step();
        failOn.setFailOn("sometimes");
        assertThat(refused(failOn)).contains("failOn").contains("not-satisfied").contains("never");
        assertNothingStored(3);
    }

    @Test
    void evidenceOfAnotherBuildIsRefused() throws Exception {
        buildEvidence();
        record("modelSign", "pds", "6", Verdict.PASS, Map.of(), Map.of());
        assertThat(refused(step())).contains("004-modelSign-pds").containsIgnoringCase("build");
        assertNothingStored(4);
    }

    @Test
    void corruptEvidenceIsNamed() throws Exception {
        buildEvidence();
        Files.writeString(f.buildDir.resolve("secmlops/evidence/003-driftGate-incoming/evidence.json"), "{\"kind\":");
        assertThat(refused(step())).contains("003-driftGate-incoming");
        assertNothingStored(3);
    }

    @Test
    void anOutputWhoseDigestDiffersIsRefused() throws Exception {
        buildEvidence();
        Files.write(f.buildDir.resolve("secmlops/evidence/002-adversarialTest-pgd/epsilon-curve.png"), new byte[] {1, 2});
        assertThat(refused(step())).contains("002-adversarialTest-pgd").contains("epsilon-curve.png");
        assertNothingStored(3);
    }

    @Test
    void anEnvelopeNoTrustedKeyVerifiesIsABadSignature() throws Exception {
        buildEvidence();
        Path dir = record("modelSign", "pds", "7", Verdict.PASS, Map.of(), Map.of());
        PrivateKey other = TestKeys.otherKey();
        Dsse.Signer signer = new Dsse.Signer() {
            @Override
            public String keyId() {
                return null;
            }

            @Override
            public byte[] sign(byte[] pae) throws java.security.GeneralSecurityException {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(other);
                s.update(pae);
                return s.sign();
            }
        };
        Statement st = Statement.of(Evidence.read(Files.readAllBytes(dir.resolve("evidence.json")), "x"));
        Files.write(dir.resolve("evidence.dsse.json"), Evidence.json(Dsse.envelope(st).signedBy(signer)));
        Files.createDirectories(f.workspace.resolve("keys"));
        Files.write(f.workspace.resolve("keys/trusted.pub.pem"), keys.publicKeyPem());
        ComplianceReportStep s = step();
        s.setTrustedKeys(List.of("keys/trusted.pub.pem"));
        assertThat(refused(s)).contains("Bad signature").contains("004-modelSign-pds");
        assertNothingStored(4);
    }

    @Test
    void notSatisfiedControlsFailTheStepAfterTheReportIsStored() throws Exception {
        buildEvidence();
        ComplianceReportStep s = step();
        s.setFailOn("not-satisfied");
        String message = refused(s);
        assertThat(message).startsWith("complianceReport 'compliance' FAIL:").contains("not satisfied");
        assertThat(f.buildDir.resolve("secmlops/evidence/004-complianceReport-compliance/report.html")).exists();
    }

    @Test
    void parametersAreValidatedBeforeAnythingRuns() throws Exception {
        ComplianceReportStep s = step();
        s.setFormats(List.of("sarif"));
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(s::selectedFiles).isInstanceOf(AbortException.class);
            assertThat(aborts.constructed().get(0).getMessage()).contains("outputDir");
        }
        s.setOutputDir(" out ");
        s.setFormats(List.of("sarif", "pdf"));
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(s::selectedFiles).isInstanceOf(AbortException.class);
            assertThat(aborts.constructed().get(0).getMessage()).contains("'pdf'")
                    .contains("html, json, sarif, junit, cyclonedx");
        }
        s.setFormats(List.of(" SARIF ", "", "junit", "sarif"));
        assertThat(s.getOutputDir()).isEqualTo("out");
        assertThat(s.selectedFiles()).containsExactly("report.sarif", "report.junit.xml");
        s.setFormats(null);
        assertThat(s.selectedFiles()).hasSize(5);
        s.setName("  ");
        s.setFailOn(null);
        assertThat(s.getName()).isEqualTo("compliance");
        assertThat(s.getFailOn()).isEqualTo("not-satisfied");
        ComplianceReportStep.DescriptorImpl d = new ComplianceReportStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("complianceReport");
        assertThat(ComplianceReportStep.DescriptorImpl.class.getAnnotation(org.jenkinsci.Symbol.class).value())
                .containsExactly("complianceReport");
        // a missing credential fails before anything is copied or run
        ComplianceReportStep signed = step();
        signed.setCredentialsId("nope");
        try (MockedStatic<CredentialsProvider> cp = mockStatic(CredentialsProvider.class);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> signed.run(f.context)).isInstanceOf(AbortException.class);
            assertThat(aborts.constructed().get(0).getMessage()).startsWith("complianceReport: no credential with id 'nope'");
        }
        assertThat(crossed).isEmpty();
    }

    @Test
    void theAgentGetsPathsAndOptionsOnly() throws Exception {
        ComplianceReportCallable c = new ComplianceReportCallable(
                new io.jenkins.plugins.secmlops.execution.StepInput(f.run, f.listener, Map.of("job", "ml/train")),
                ".secmlops/tmp/report-1", "compliance", List.of("atlas"), List.of(), "never", List.of());
        assertThat(Secrets.classesIn(c)).allMatch(Secrets::jdkOrPlugin);
        for (java.lang.reflect.Field field : ComplianceReportCallable.class.getDeclaredFields()) {
            assertThat(field.getType().getName()).as(field.getName()).matches("java\\.(lang|util)\\..*|long|boolean|int");
        }
        assertThat(ReportOutcome.class.getDeclaredFields()).allMatch(x -> x.getType() == String.class
                || java.lang.reflect.Modifier.isStatic(x.getModifiers()));
        // a temporary folder outside .secmlops/tmp is refused on the agent
        assertThatThrownBy(() -> ComplianceReportCallable.tmpFolder(f.workspace, ".secmlops/tmp/../../x"))
                .hasMessageContaining("not below");
    }

    private String refused(ComplianceReportStep s) throws Exception {
        try (MockedConstruction<FilePath> local = LocalPaths.constructions(crossed::add);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> s.run(f.context)).isInstanceOf(AbortException.class);
            assertThat(aborts.constructed()).isNotEmpty();
            return aborts.constructed().get(0).getMessage();
        }
    }

    private void assertNothingStored(int folders) throws Exception {
        assertThat(store.folders()).hasSize(folders);
        assertThat(Files.list(store.root()).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
        assertThat(f.buildDir.resolve(TrendSummary.FILE)).doesNotExist();
        assertThat(added).noneMatch(ComplianceReportAction.class::isInstance);
        if (Files.exists(f.workspace.resolve(".secmlops/tmp"))) {
            assertThat(Files.list(f.workspace.resolve(".secmlops/tmp")).toList()).isEmpty();
        }
        verify(f.run, never()).setResult(any());
    }
}
