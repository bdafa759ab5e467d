package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.Secrets;
import io.jenkins.plugins.secmlops.TestKeys;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.SecMlOpsStepExecution;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.signing.ModelSignature;
import io.jenkins.plugins.secmlops.signing.PreparedModel;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.io.Workspace;
import io.secmlops.signing.ModelVerification;
import io.secmlops.signing.TrustRoot;
import io.secmlops.signing.VerificationReport;
import io.secmlops.signing.VerifyRequest;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/**
 * modelSign end to end on the controller side: credentials from a mocked {@link CredentialsProvider}, the real
 * signing engine where the agent would run it, and the signature checked with the engine's verifier.
 */
@SuppressWarnings({"try", "unchecked"}) // mocked constructions are checked after the block
class ModelSignStepTest {
    static final String ID = "pds-signing-key";

    @TempDir
    Path tmp;
    Fixtures f;
    TestKeys keys;
    /** Every callable sent to the "agent" and every result it sent back, in order. */
    final List<Object> crossed = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        keys = new TestKeys();
        f.dataset("models/pds", "weights.bin", "0123456789abcdef", "config.json", "{\"layers\":3}", "sub/vocab.txt", "a b c");
        when(f.filePath.act(any(FilePath.FileCallable.class))).thenAnswer(inv -> {
            FilePath.FileCallable<?> c = inv.getArgument(0);
            crossed.add(c);
            Object result = c.invoke(f.workspace.toFile(), null);
            crossed.add(result);
            return result;
        });
    }

    private MockedStatic<CredentialsProvider> credentials(IdCredentials credential) {
        MockedStatic<CredentialsProvider> cp = mockStatic(CredentialsProvider.class);
        cp.when(() -> CredentialsProvider.findCredentialById(eq(ID), eq(IdCredentials.class), same(f.run), anyList()))
                .thenReturn(credential);
        return cp;
    }

    private Path stored(String file) {
        return f.buildDir.resolve("secmlops/evidence/001-modelSign-pds").resolve(file);
    }

    private VerificationReport verifyWithEngine(TrustRoot trust) throws Exception {
        return ModelVerification.check(new Workspace(f.workspace), VerifyRequest.of("models/pds"), trust, null,
                ProgressListener.SILENT);
    }

    @Test
    void theDescriptorIsAnIndexedExtensionWithTheSymbolAndTheContextItNeeds() throws Exception {
        ModelSignStep.DescriptorImpl d = new ModelSignStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("modelSign");
        assertThat(d.getDisplayName()).isNotBlank();
        assertThat(ModelSignStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("modelSign");
        assertThat(ModelSignStep.DescriptorImpl.class.isAnnotationPresent(Extension.class)).isTrue();
        assertThat(new java.util.HashSet<Class<?>>(d.getRequiredContext())).containsExactlyInAnyOrder(Run.class,
                FilePath.class, TaskListener.class, EnvVars.class, FlowNode.class);
        assertThat(d.argumentsToString(Map.of("path", "models/pds", "credentialsId", ID))).isEqualTo("models/pds");

        var ctor = ModelSignStep.class.getConstructor(String.class, String.class);
        assertThat(ctor.isAnnotationPresent(DataBoundConstructor.class)).isTrue();
        assertThat(Arrays.stream(ctor.getParameters()).map(p -> p.getName())).containsExactly("path", "credentialsId");
        assertThat(Arrays.stream(ModelSignStep.class.getMethods())
                .filter(m -> m.isAnnotationPresent(DataBoundSetter.class)).map(Method::getName))
                .containsExactlyInAnyOrder("setSignature", "setIgnorePaths", "setMethod", "setShardSize", "setAllowSymlinks",
                        "setOverrideScan");
    }

    @Test
    void parametersAreTrimmedAndBlankOnesDropped() {
        ModelSignStep step = new ModelSignStep(" models/pds ", " " + ID + " ");
        step.setSignature("  ");
        step.setMethod(" shards ");
        step.setIgnorePaths(Arrays.asList(" README.md ", "", null, "logs"));
        assertThat(step.getPath()).isEqualTo("models/pds");
        assertThat(step.getCredentialsId()).isEqualTo(ID);
        assertThat(step.getSignature()).isNull();
        assertThat(step.getMethod()).isEqualTo("shards");
        assertThat(step.getIgnorePaths()).containsExactly("README.md", "logs");
        assertThat(step.getShardSize()).isZero();
        assertThat(step.isAllowSymlinks()).isFalse();
        step.setOverrideScan("   ");
        assertThat(step.getOverrideScan()).isNull();
        step.setOverrideScan(" red-team sample ");
        assertThat(step.getOverrideScan()).isEqualTo("red-team sample");
    }

    /** {@code os.system('id')}, pickle protocol 2, opcode by opcode: PROTO 2, GLOBAL, SHORT_BINSTRING, TUPLE1, REDUCE, STOP. */
    static byte[] maliciousPickle() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        b.writeBytes("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {'U', 2, 'i', 'd', (byte) 0x85, 'R', '.'});
        return b.toByteArray();
    }

    @Test
    void aModelWithAMaliciousPickleIsRefusedOnTheAgentBeforeTheKeyIsRead() throws Exception {
        Files.write(f.workspace.resolve("models/pds/sub/optimizer.pkl"), maliciousPickle());
        FileCredentials credential = TestKeys.fileCredential(ID, keys.privateKeyPem());
        try (MockedStatic<CredentialsProvider> cp = credentials(credential);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("1 critical artifact-scan finding(s)")
                    .hasMessageContaining("sub/optimizer.pkl: os.system")
                    .hasMessageContaining("Nothing was signed")
                    .hasMessageContaining("Fix: ")
                    .hasMessageContaining("overrideScan: '");
        }
        verify(credential, never()).getContent();
        assertThat(crossed).hasSize(2); // the scan ran in the prepare call on the agent, which refused
        assertThat(crossed.get(0)).isInstanceOf(PrepareSignatureCallable.class);
        assertThat(f.workspace.resolve("models/pds/model.sig")).doesNotExist();
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }

    @Test
    void overrideScanSignsAndTheEvidenceRecordsTheReasonAndTheFindings() throws Exception {
        Files.write(f.workspace.resolve("models/pds/sub/optimizer.pkl"), maliciousPickle());
        ModelSignStep step = new ModelSignStep("models/pds", ID);
        step.setOverrideScan("red-team sample, ticket SEC-12");
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, keys.privateKeyPem()))) {
            StepRunner.run(f.context, step::callable);
        }
        assertThat(verifyWithEngine(TrustRoot.publicKey(keys.publicKeyPem(), "pds.pub")).passed()).isTrue();
        var record = io.secmlops.engine.io.Json.mapper().readTree(Files.readAllBytes(stored("evidence.json")));
        assertThat(record.path("parameters").path("overrideScan").asText()).isEqualTo("red-team sample, ticket SEC-12");
        var scan = record.path("results").path("artifactScan");
        assertThat(scan.path("overridden").asBoolean()).isTrue();
        assertThat(scan.path("findings").path("critical").asInt()).isEqualTo(1);
        assertThat(scan.path("critical").get(0).asText()).contains("sub/optimizer.pkl: os.system");
        assertThat(f.log()).contains("SIGNED DESPITE the critical findings");
        // the scan result crossed agent -> controller -> agent in plugin/JDK classes only
        PreparedModel prepared = (PreparedModel) crossed.get(1);
        assertThat(prepared.scan().overridden()).isTrue();
        assertThat(Secrets.classesIn(crossed.get(2))).allMatch(Secrets::jdkOrPlugin);
    }

    @Test
    void aSecretFileKeySignsTheModelAndTheEngineVerifiesTheSignature() throws Exception {
        FileCredentials credential = TestKeys.fileCredential(ID, keys.privateKeyPem());
        try (MockedStatic<CredentialsProvider> cp = credentials(credential)) {
            StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable);
            cp.verify(() -> CredentialsProvider.track(f.run, credential));
        }

        assertThat(f.workspace.resolve("models/pds/model.sig")).isRegularFile();
        assertThat(verifyWithEngine(TrustRoot.publicKey(keys.publicKeyPem(), "pds.pub")).passed()).isTrue();
        String record = Files.readString(stored("evidence.json"));
        assertThat(record).contains("\"PASS\"").contains("\"modelSign\"").contains("\"mode\" : \"key\"")
                .contains("ml/train");
        assertThat(stored("model.sig")).hasSameBinaryContentAs(f.workspace.resolve("models/pds/model.sig"));
        verify(f.run).addAction(isA(SecMlOpsBuildAction.class));
        assertThat(f.log()).contains("hashing 3 files")
                .contains("artifact scan: 0 file(s) read; findings: 0 critical, 0 high")
                .contains("signed the statement of 'pds'")
                .contains("on the controller with credential '" + ID + "': ECDSA P-256 key")
                .contains("modelSign 'pds' passed.");
        // the agent got two calls: hash (returning the statement), then write (returning the evidence)
        assertThat(crossed).hasSize(4);
        assertThat(crossed.get(0)).isInstanceOf(PrepareSignatureCallable.class);
        assertThat(crossed.get(1)).isInstanceOf(PreparedModel.class);
        assertThat(crossed.get(2)).isInstanceOf(WriteSignatureCallable.class);
        assertThat(crossed.get(3)).isInstanceOf(StepOutcome.class);
    }

    @Test
    void aCertificateCredentialSignsInCertificateModeAndTheRootVerifiesIt() throws Exception {
        StandardCertificateCredentials credential = keys.certificateCredential(ID);
        try (MockedStatic<CredentialsProvider> cp = credentials(credential)) {
            StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable);
            cp.verify(() -> CredentialsProvider.track(f.run, credential));
        }

        VerificationReport report = verifyWithEngine(TrustRoot.certificates(List.of(keys.caPem()), "root.pem"));
        assertThat(report.passed()).isTrue();
        assertThat(report.signer().certificateSubject()).isEqualTo("CN=pds-release");
        assertThat(Files.readString(stored("evidence.json"))).contains("\"mode\" : \"certificate\"").contains("CN=pds-release");
        assertThat(f.log()).contains("certificate mode");
    }

    @Test
    void theShardsMethodAndItsShardSizeReachTheEngine() throws Exception {
        ModelSignStep step = new ModelSignStep("models/pds", ID);
        step.setMethod("shards");
        step.setShardSize(4);
        step.setSignature("out/pds.sig");
        step.setIgnorePaths(List.of("sub"));
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, keys.privateKeyPem()))) {
            StepRunner.run(f.context, step::callable);
        }

        VerificationReport report = ModelVerification.check(new Workspace(f.workspace),
                VerifyRequest.of("models/pds").withSignature("out/pds.sig"),
                TrustRoot.publicKey(keys.publicKeyPem(), "pds.pub"), null, ProgressListener.SILENT);
        assertThat(report.passed()).isTrue();
        assertThat(report.method()).isEqualTo("shards");
        assertThat(report.fileCount()).isEqualTo(2);
        assertThat(f.workspace.resolve("models/pds/model.sig")).doesNotExist();
        assertThat(Files.readString(f.buildDir.resolve("secmlops/evidence/001-modelSign-pds/evidence.json")))
                .contains("\"shardSize\" : 4");
    }

    /** The canary sits in the PEM's comment line (secret file) and in the key store password (certificate). */
    @Test
    void theKeyAndItsPasswordAppearInNoLogEvidenceFileOrAgentCall() throws Exception {
        for (IdCredentials credential : List.of(TestKeys.fileCredential(ID, keys.privateKeyPem()),
                keys.certificateCredential(ID))) {
            try (MockedStatic<CredentialsProvider> cp = credentials(credential)) {
                StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable);
            }
        }
        byte[] privateDer = keys.signer.getPrivate().getEncoded();
        byte[] scalar = ((ECPrivateKey) keys.signer.getPrivate()).getS().toByteArray();
        if (scalar.length > 1 && scalar[0] == 0) {
            scalar = java.util.Arrays.copyOfRange(scalar, 1, scalar.length); // the sign byte is not in the key's encoding
        }
        assertThat(Secrets.contains(privateDer, scalar)).as("the EC scalar needle is found in the key's DER").isTrue();
        String privateBase64 = Base64.getEncoder().encodeToString(privateDer).substring(0, 40);
        List<byte[]> places = new ArrayList<>();
        places.add(f.log().getBytes(StandardCharsets.UTF_8));
        List<Path> files = Secrets.files(f.buildDir, f.workspace);
        assertThat(files).anyMatch(p -> p.endsWith("model.sig")).anyMatch(p -> p.endsWith("evidence.json"))
                .anyMatch(p -> p.toString().contains("secmlops/evidence/002-modelSign-pds"));
        for (Path p : files) {
            places.add(Files.readAllBytes(p));
        }
        assertThat(crossed).hasSize(8);
        for (Object o : crossed) {
            places.add(Secrets.serialized(o));
            assertThat(Secrets.classesIn(o)).as(o.getClass().getName()).allMatch(Secrets::jdkOrPlugin);
        }
        assertThat(Secrets.contains(keys.privateKeyPem(), TestKeys.CANARY)).as("the canary is in the secret").isTrue();
        for (byte[] place : places) {
            assertThat(Secrets.contains(place, TestKeys.CANARY)).isFalse();
            assertThat(Secrets.contains(place, privateDer)).isFalse();
            assertThat(Secrets.contains(place, scalar)).isFalse();
            assertThat(Secrets.contains(place, privateBase64)).isFalse();
        }
        // what went to the agent after signing holds the signature and public material only
        WriteSignatureCallable write = (WriteSignatureCallable) crossed.get(6);
        assertThat(Secrets.classesIn(write)).contains(PreparedModel.class.getName(), ModelSignature.class.getName());
    }

    @Test
    void aMissingCredentialStopsTheStepBeforeAnythingIsHashed() throws Exception {
        try (MockedStatic<CredentialsProvider> cp = credentials(null);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("no credential with id '" + ID + "'")
                    .hasMessageContaining("Fix: add a 'Secret file' credential")
                    .hasMessageContaining("or correct credentialsId");
            cp.verify(() -> CredentialsProvider.track(any(Run.class), any()), never());
        }
        assertThat(crossed).isEmpty();
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }

    @Test
    void aCredentialOfAnotherKindIsRefusedNamingTheKindsTheStepTakes() throws Exception {
        StandardCredentials password = mock(StandardCredentials.class);
        try (MockedStatic<CredentialsProvider> cp = credentials(password);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("credential '" + ID + "' is of type")
                    .hasMessageContaining(FileCredentials.class.getName())
                    .hasMessageContaining(StandardCertificateCredentials.class.getName());
            cp.verify(() -> CredentialsProvider.track(any(Run.class), any()), never());
        }
        assertThat(crossed).isEmpty();
    }

    @Test
    void anEncryptedKeyInASecretFileIsRefusedWithTheFixAndNothingIsWritten() throws Exception {
        byte[] encrypted = ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, encrypted));
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("is encrypted")
                    .hasMessageContaining("Fix: store the key unencrypted")
                    .hasMessageNotContaining("MIIB");
        }
        assertThat(f.workspace.resolve("models/pds/model.sig")).doesNotExist();
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }

    @Test
    void aWrongKeyStorePasswordIsReportedWithoutThePassword() throws Exception {
        StandardCertificateCredentials credential = keys.certificateCredential(ID);
        hudson.util.Secret wrong = mock(hudson.util.Secret.class);
        when(wrong.getPlainText()).thenReturn("wrong-" + TestKeys.CANARY);
        when(credential.getPassword()).thenReturn(wrong);
        try (MockedStatic<CredentialsProvider> cp = credentials(credential);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ModelSignStep("models/pds", ID)::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("cannot be opened with the credential's password")
                    .hasMessageNotContaining(TestKeys.CANARY);
        }
        assertThat(f.log()).doesNotContain(TestKeys.CANARY);
    }

    @Test
    void aBadInputStopsTheStepWithTheEnginesFixBeforeTheKeyIsRead() throws Exception {
        FileCredentials credential = TestKeys.fileCredential(ID, keys.privateKeyPem());
        ModelSignStep step = new ModelSignStep("models/missing", ID);
        try (MockedStatic<CredentialsProvider> cp = credentials(credential);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, step::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("models/missing")
                    .hasMessageContaining(" Fix: ");
        }
        verify(credential, never()).getContent();
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }

    @Test
    void anUnknownMethodIsRefusedByTheEngine() throws Exception {
        ModelSignStep step = new ModelSignStep("models/pds", ID);
        step.setMethod("blocks");
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, keys.privateKeyPem()));
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, step::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("method is 'blocks'")
                    .hasMessageContaining("use 'files' or 'shards'");
        }
    }

    /** The execution Pipeline gets from start(): its run() is what the background thread calls. */
    @Test
    void theExecutionRunsTheStepThroughTheRunner() throws Exception {
        try (MockedStatic<CredentialsProvider> cp = credentials(TestKeys.fileCredential(ID, keys.privateKeyPem()))) {
            StepExecution execution = new ModelSignStep("models/pds", ID).start(f.context);
            StepExecution running = spy(execution);
            doReturn(f.context).when(running).getContext();
            Method run = SecMlOpsStepExecution.class.getDeclaredMethod("run");
            run.setAccessible(true);
            assertThat(run.invoke(running)).isNull();
        }
        assertThat(stored("evidence.json")).exists();
    }
}
