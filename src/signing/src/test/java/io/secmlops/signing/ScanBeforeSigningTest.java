package io.secmlops.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import io.secmlops.engine.io.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** modelSign scans the files it is about to sign: critical findings refuse signing unless overridden with a reason. */
class ScanBeforeSigningTest {
    @TempDir
    Path ws;
    Workspace workspace;
    SigningKey key;
    TrustRoot trust;
    final List<String> log = new ArrayList<>();

    /** {@code os.system('id')} as pickle protocol 2, opcode by opcode (pickletools' names in the comments). */
    static byte[] maliciousPickle() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80); // PROTO
        b.write(2);
        b.write('c'); // GLOBAL module\nname\n
        b.writeBytes("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        b.write('U'); // SHORT_BINSTRING
        b.write(2);
        b.writeBytes("id".getBytes(StandardCharsets.US_ASCII));
        b.write(0x85); // TUPLE1
        b.write('R'); // REDUCE: calls os.system('id') on load
        b.write('.'); // STOP
        return b.toByteArray();
    }

    /** {@code {'lr': 3}}: no import, nothing called. */
    static byte[] benignPickle() {
        return new byte[] {(byte) 0x80, 2, '}', 'U', 2, 'l', 'r', 'K', 3, 's', '.'};
    }

    @BeforeEach
    void setUp() throws Exception {
        workspace = new Workspace(ws);
        Files.createDirectories(ws.resolve("model"));
        Files.writeString(ws.resolve("model/config.json"), "{\"layers\": 3}");
        Files.write(ws.resolve("model/weights.bin"), RoundTripTest.bytes(4096, 3));
        Files.write(ws.resolve("model/optimizer.pkl"), benignPickle());
        KeyPair pair = TestPki.ec("secp256r1");
        key = KeyLoader.loadPem(TestPki.pkcs8Pem(pair.getPrivate()), null, "test-key.pem");
        trust = TrustRoot.publicKey(TestPki.pem("PUBLIC KEY", pair.getPublic().getEncoded()), "test-key.pub");
    }

    private StepResult sign(SignRequest request) throws SecMlOpsException {
        return ModelSigning.sign(workspace, request, key, ws.resolve("evidence"), VectorTest.ENV, log::add);
    }

    private JsonNode record(StepResult r) throws Exception {
        return Json.mapper().readTree(Files.readAllBytes(r.directory().resolve(Evidence.RECORD_FILE)));
    }

    private boolean verifies() throws Exception {
        return ModelVerification.check(workspace, VerifyRequest.of("model"), trust, null, ProgressListener.SILENT).passed();
    }

    @Test
    void aBenignModelSignsAsBeforeAndTheEvidenceRecordsAClearScan() throws Exception {
        StepResult r = sign(SignRequest.of("model"));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verifies()).isTrue();
        JsonNode rec = record(r);
        assertThat(rec.path("parameters").has("overrideScan")).isFalse();
        JsonNode scan = rec.path("results").path("artifactScan");
        assertThat(scan.path("filesScanned").asInt()).isEqualTo(1); // the pickle; JSON and raw bytes are not loaders' code
        assertThat(scan.path("findings").path("critical").asInt()).isZero();
        assertThat(scan.path("overridden").asBoolean()).isFalse();
        assertThat(scan.has("critical")).isFalse();
        assertThat(r.summary()).contains("artifact scan: 1 file(s) read; findings: 0 critical");
    }

    @Test
    void aMaliciousPickleIsRefusedNamingTheFileTheFindingAndTheOverride() throws Exception {
        Files.write(Files.createDirectories(ws.resolve("model/sub")).resolve("extra.pkl"), maliciousPickle());
        assertThatThrownBy(() -> sign(SignRequest.of("model")))
                .isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("1 critical artifact-scan finding(s)")
                .hasMessageContaining("sub/extra.pkl: os.system (GLOBAL at offset 2)")
                .hasMessageContaining("Nothing was signed")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("overrideScan: '").contains("--override-scan"));
        assertThat(ws.resolve("model/model.sig")).doesNotExist();
        assertThat(ws.resolve("evidence")).doesNotExist();
        assertThat(log).noneMatch(l -> l.contains("hashing")); // refused before a byte was hashed
    }

    @Test
    void theOverrideNeedsAReason() throws Exception {
        Files.write(ws.resolve("model/evil.pkl"), maliciousPickle());
        for (String blank : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> sign(SignRequest.of("model").withOverrideScan(blank)))
                    .isInstanceOf(SecMlOpsException.class).hasMessageContaining("needs a reason")
                    .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("--override-scan WHY"));
        }
        assertThat(ws.resolve("model/model.sig")).doesNotExist();
        assertThat(ws.resolve("evidence")).doesNotExist();
    }

    @Test
    void withTheOverrideItSignsAndTheEvidenceRecordsTheReasonAndTheFindings() throws Exception {
        Files.write(ws.resolve("model/evil.pkl"), maliciousPickle());
        StepResult r = sign(SignRequest.of("model").withOverrideScan("  red-team fixture, ticket SEC-12 "));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(verifies()).isTrue();
        JsonNode rec = record(r);
        assertThat(rec.path("parameters").path("overrideScan").asText()).isEqualTo("red-team fixture, ticket SEC-12");
        JsonNode scan = rec.path("results").path("artifactScan");
        assertThat(scan.path("overridden").asBoolean()).isTrue();
        assertThat(scan.path("overrideReason").asText()).isEqualTo("red-team fixture, ticket SEC-12");
        assertThat(scan.path("findings").path("critical").asInt()).isEqualTo(1);
        assertThat(scan.path("critical").get(0).asText()).startsWith("critical: evil.pkl: os.system");
        assertThat(r.summary()).contains("SIGNED DESPITE the critical findings (overrideScan: 'red-team fixture, ticket SEC-12')");
        assertThat(log).anyMatch(l -> l.contains("critical: evil.pkl: os.system"));
        // the signed statement is the plain OMS statement: the scan is evidence, not part of what is signed
        String bundle = Files.readString(ws.resolve("model/model.sig"));
        assertThat(bundle).doesNotContain("artifactScan").doesNotContain("SEC-12");
    }

    @Test
    void anOverrideThatIsNotNeededIsRecordedAsSuch() throws Exception {
        StepResult r = sign(SignRequest.of("model").withOverrideScan("habit"));
        JsonNode scan = record(r).path("results").path("artifactScan");
        assertThat(scan.path("overridden").asBoolean()).isFalse();
        assertThat(scan.path("overrideReason").asText()).isEqualTo("habit");
    }

    @Test
    void theScanCoversExactlyTheFilesThatAreSigned() throws Exception {
        Files.createDirectories(ws.resolve("model/attic"));
        Files.write(ws.resolve("model/attic/evil.pkl"), maliciousPickle());
        StepResult r = sign(SignRequest.of("model").withIgnorePaths(List.of("attic")));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        // a single-file model is scanned too
        Files.write(ws.resolve("lone.pkl"), maliciousPickle());
        assertThatThrownBy(() -> sign(SignRequest.of("lone.pkl"))).hasMessageContaining("lone.pkl: os.system");
        try (Stream<Path> s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("lone.pkl.sig");
        }
    }

    @Test
    void theScanSummaryCrossesTheChannelWithThePreparedSignature() throws Exception {
        Files.write(ws.resolve("model/evil.pkl"), maliciousPickle());
        PreparedSignature onAgent = ModelSigning.prepare(workspace, SignRequest.of("model").withOverrideScan("fixture"),
                ws.resolve("evidence"), ProgressListener.SILENT);
        PreparedSignature back = SplitSigningTest.overTheWire(onAgent);
        assertThat(back.scan()).isEqualTo(onAgent.scan());
        assertThat(back.scan().overridden()).isTrue();
        assertThat(back.scan().critical()).singleElement().asString().contains("evil.pkl: os.system");
    }
}
