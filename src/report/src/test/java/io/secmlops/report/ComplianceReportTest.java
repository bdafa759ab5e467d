package io.secmlops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Dsse;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.provenance.DataProvenance;
import io.secmlops.engine.provenance.ProvenanceRequest;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplianceReportTest {
    static final String EVIL_FILE = "<script>alert(1)</script>.png";
    static final String EVIL_MODEL = "pds \"v2\" & <beta>";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FRAMEWORKS = io.secmlops.report.catalog.Catalogs.BUILT_IN.size();

    @TempDir
    Path tmp;
    Fixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
    }

    /** A build with a tampered data set (a file named like a script tag), a tampered model with a hostile name, and good steps. */
    private void hostileBuild() throws Exception {
        Path data = tmp.resolve("data/pds");
        Files.createDirectories(data.resolve("<script>alert(1)<"));
        Files.writeString(data.resolve("frame_000001.jpg"), "frame one");
        Files.writeString(data.resolve(EVIL_FILE), "pixels");
        StepResult recorded = new DataProvenance(line -> { }).run(ProvenanceRequest.builder(tmp, "data/pds", "pds-train").origin("https://example.org/pds")
                .outputRoot(fx.evidence).cacheDir(tmp.resolve("cache")).environment(Fixture.BUILD_42).threads(1).build());
        Files.createDirectories(tmp.resolve("pins"));
        Files.copy(recorded.directory().resolve(DataProvenance.MANIFEST_FILE), tmp.resolve("pins/pds.manifest.json"));
        Files.writeString(data.resolve(EVIL_FILE), "pixels, one changed");
        StepResult verified = new DataProvenance(line -> { }).run(ProvenanceRequest.builder(tmp, "data/pds", "pds-verify")
                .verify("pins/pds.manifest.json").outputRoot(fx.evidence).cacheDir(tmp.resolve("cache")).environment(Fixture.BUILD_42)
                .threads(1).build());
        assertThat(verified.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(verified.reasons().get(0)).contains(EVIL_FILE);

        fx.step(Kinds.MODEL_VERIFY, EVIL_MODEL, Verdict.FAIL, Map.of("rootDigest", "1".repeat(64), "signedRootDigest", "2".repeat(64),
                "changedCount", 1, "changed", List.of("weights <b>.bin")));
        fx.signedModel("centernet");
        fx.adversarial("centernet", Verdict.PASS);
        fx.step(Kinds.DRIFT_GATE, "pds-frames", Verdict.PASS, Map.of("datasetDrift", false, "driftedColumns", 0, "testedColumns", 3,
                "shareOfDriftedColumns", 0.0, "driftShare", 0.5));
    }

    private StepResult run(Consumer<ReportRequest.Builder> options) throws SecMlOpsException {
        ReportRequest.Builder b = fx.request();
        options.accept(b);
        return new ComplianceReport(line -> { }).run(b.build());
    }

    private byte[] out(String name, String file) throws Exception {
        return Files.readAllBytes(fx.reportDir(name).resolve(file));
    }

    @Test
    void writesEveryExportBesideTheRecordsAndFailsOnNotSatisfiedControls() throws Exception {
        hostileBuild();
        StepResult r = run(b -> { });
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons()).anyMatch(x -> x.startsWith("owasp-ml ML02 (Data Poisoning Attack) not satisfied"));
        assertThat(r.directory()).isEqualTo(fx.reportDir("compliance"));
        try (Stream<Path> s = Files.list(r.directory())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(ComplianceReport.HTML_FILE,
                    ComplianceReport.JSON_FILE, ComplianceReport.SARIF_FILE, ComplianceReport.JUNIT_FILE, ComplianceReport.BOM_FILE,
                    Evidence.RECORD_FILE, Evidence.STATEMENT_FILE);
        }
        EvidenceRecord own = Evidence.read(out("compliance", Evidence.RECORD_FILE), "report record");
        assertThat(own.kind()).isEqualTo(ComplianceReport.KIND);
        assertThat(own.subjects()).hasSize(1 + 7);
        for (Subject o : own.outputs()) {
            assertThat(ParallelHasher.sha256Hex(out("compliance", o.name()))).isEqualTo(o.digest().get("sha256"));
        }

        JsonNode report = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE));
        assertThat(report.path("evidence").path("records")).hasSize(7);
        assertThat(status(report, "owasp-ml", "ML01")).isEqualTo("satisfied");
        assertThat(status(report, "owasp-ml", "ML02")).isEqualTo("not-satisfied");
        assertThat(status(report, "owasp-ml", "ML03")).isEqualTo("not-assessed");
        assertThat(status(report, "atlas", "AML.T0043")).isEqualTo("satisfied");
        assertThat(status(report, "atlas", "AML.M0025")).isEqualTo("satisfied");
        assertThat(status(report, "nist-ai-rmf", "MEASURE 2.7")).isEqualTo("not-satisfied");
        assertThat(status(report, "eu-ai-act", "Art. 15(5) adversarial examples")).isEqualTo("satisfied");
        assertThat(status(report, "eu-ai-act", "Art. 15(5) confidentiality attacks")).isEqualTo("not-assessed");
        assertThat(control(report, "owasp-ml", "ML02").path("evidence").get(0).asText()).isEqualTo("dataProvenance-pds-verify/evidence.json");
    }

    @Test
    void hostileFileAndModelNamesAppearEscapedInHtmlAndSarifAndNeverRaw() throws Exception {
        hostileBuild();
        run(b -> { });
        String html = new String(out("compliance", ComplianceReport.HTML_FILE), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain(EVIL_FILE).doesNotContain(EVIL_MODEL).doesNotContainIgnoringCase("<script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;.png").contains("pds &quot;v2&quot; &amp; &lt;beta&gt;")
                .contains("weights &lt;b&gt;.bin");

        byte[] sarifBytes = out("compliance", ComplianceReport.SARIF_FILE);
        String sarif = new String(sarifBytes, StandardCharsets.UTF_8);
        assertThat(sarif).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain(EVIL_MODEL);
        List<String> messages = new ArrayList<>();
        JSON.readTree(sarifBytes).at("/runs/0/results").forEach(x -> messages.add(x.at("/message/text").asText()));
        assertThat(messages).anyMatch(m -> m.contains(EVIL_FILE)).anyMatch(m -> m.contains(EVIL_MODEL));
        assertThat(new String(out("compliance", ComplianceReport.JSON_FILE), StandardCharsets.UTF_8)).doesNotContain("<script");
    }

    @Test
    void sarifIsValidSarif210WithRuleIdsLevelsAndWorkspaceRelativeLocations() throws Exception {
        hostileBuild();
        run(b -> { });
        JsonNode sarif = JSON.readTree(out("compliance", ComplianceReport.SARIF_FILE));
        assertThat(sarifErrors(sarif)).isEmpty();
        JsonNode results = sarif.at("/runs/0/results");
        List<String> ruleIds = new ArrayList<>();
        results.forEach(x -> ruleIds.add(x.path("ruleId").asText()));
        assertThat(ruleIds).contains("owasp-ml/ML02", "gate/dataProvenance", "gate/modelVerify").doesNotContain("owasp-ml/ML03", "owasp-ml/ML01");
        for (JsonNode x : results) {
            assertThat(x.path("level").asText()).isIn("error", "warning", "note");
            String uri = x.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            assertThat(uri).startsWith("evidence/").endsWith("/evidence.json");
            assertThat(tmp.resolve(java.net.URI.create(uri).getPath())).exists();
            assertThat(sarif.at("/runs/0/tool/driver/rules/" + x.path("ruleIndex").asInt() + "/id").asText()).isEqualTo(x.path("ruleId").asText());
        }
    }

    @Test
    void cycloneDxBomPassesTheLibrarysSchemaValidationAndCarriesModelCardDatasetsAndDeclarations() throws Exception {
        hostileBuild();
        run(b -> { });
        byte[] bom = out("compliance", ComplianceReport.BOM_FILE);
        List<ParseException> errors = new JsonParser().validate(bom, Version.VERSION_16);
        assertThat(errors).as("CycloneDX 1.6 schema errors").isEmpty();
        JsonNode b = JSON.readTree(bom);
        assertThat(b.path("specVersion").asText()).isEqualTo("1.6");
        JsonNode model = null;
        for (JsonNode c : b.path("components")) {
            if (c.path("type").asText().equals("machine-learning-model") && c.path("name").asText().equals("centernet")) {
                model = c;
            }
        }
        assertThat(model).isNotNull();
        assertThat(model.at("/hashes/0/alg").asText()).isEqualTo("SHA-256");
        List<String> metrics = new ArrayList<>();
        model.at("/modelCard/quantitativeAnalysis/performanceMetrics").forEach(m -> metrics.add(m.path("type").asText() + "=" + m.path("value").asText()));
        assertThat(metrics).contains("AP50=0.71", "robust AP50=0.31", "robust AP50=0.52");
        assertThat(model.at("/modelCard/considerations/performanceTradeoffs")).hasSize(2);
        assertThat(model.at("/modelCard/modelParameters/datasets")).isNotEmpty();
        List<String> data = new ArrayList<>();
        b.path("components").forEach(c -> {
            if (c.path("type").asText().equals("data")) {
                data.add(c.path("name").asText() + " " + c.at("/hashes/0/content").asText().length());
            }
        });
        assertThat(data).contains("pds-train 64", "pds-verify 64");
        assertThat(b.at("/definitions/standards")).hasSize(FRAMEWORKS);
        assertThat(b.at("/declarations/attestations")).hasSize(FRAMEWORKS);
        assertThat(b.at("/declarations/claims")).isNotEmpty();
        assertThat(b.at("/declarations/evidence")).hasSize(7);
    }

    @Test
    void junitXmlParsesAndItsCountsMatchTheReport() throws Exception {
        hostileBuild();
        run(b -> { });
        JsonNode totals = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE)).path("totals");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc;
        try (InputStream in = Files.newInputStream(fx.reportDir("compliance").resolve(ComplianceReport.JUNIT_FILE))) {
            doc = f.newDocumentBuilder().parse(in);
        }
        Element root = doc.getDocumentElement();
        int total = totals.path("satisfied").asInt() + totals.path("partly").asInt() + totals.path("not-satisfied").asInt()
                + totals.path("not-assessed").asInt();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(FRAMEWORKS);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(total).isEqualTo(Integer.parseInt(root.getAttribute("tests")));
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(totals.path("not-satisfied").asInt())
                .isEqualTo(Integer.parseInt(root.getAttribute("failures")));
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(totals.path("not-assessed").asInt())
                .isEqualTo(Integer.parseInt(root.getAttribute("skipped")));
        NodeList cases = doc.getElementsByTagName("testcase");
        boolean found = false;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").startsWith("ML02 ")) {
                found = true;
                assertThat(c.getElementsByTagName("failure").getLength()).isEqualTo(1);
                assertThat(c.getElementsByTagName("failure").item(0).getTextContent()).contains("dataProvenance-pds-verify/evidence.json");
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void htmlHasEverySectionAndEmbedsEvidenceImagesAsDataUris() throws Exception {
        hostileBuild();
        run(b -> { });
        String html = new String(out("compliance", ComplianceReport.HTML_FILE), StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"controls\"", "id=\"steps\"", "id=\"provenance\"", "id=\"trend\"", "id=\"integrity\"")
                .contains("<style>").doesNotContain("<link").doesNotContain("src=\"http");
        assertThat(html).contains("src=\"data:image/svg+xml;base64,");
        assertThat(html).contains("href=\"../adversarialTest-centernet/evidence.json\"");
        assertThat(html).contains("clean AP50 0.71; worst robust AP50 0.31 (pgd, ε=0.03)");
        assertThat(html).contains("1 changed").contains("against pinned pins/pds.manifest.json");
    }

    @Test
    void withNoEvidenceEveryControlIsNotAssessedAndNothingFails() throws Exception {
        StepResult r = run(b -> { });
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        JsonNode totals = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE)).path("totals");
        assertThat(totals.path("not-assessed").asInt()).isPositive();
        assertThat(totals.path("satisfied").asInt() + totals.path("partly").asInt() + totals.path("not-satisfied").asInt()).isZero();
        assertThat(sarifErrors(JSON.readTree(out("compliance", ComplianceReport.SARIF_FILE)))).isEmpty();
        assertThat(new JsonParser().validate(out("compliance", ComplianceReport.BOM_FILE), Version.VERSION_16)).isEmpty();
        assertThat(Evidence.read(out("compliance", Evidence.RECORD_FILE), "r").subjects()).hasSize(1);
    }

    @Test
    void failOnNeverReportsButPassesAndFrameworksCanBeChosen() throws Exception {
        hostileBuild();
        StepResult r = run(b -> b.failOn("never").frameworks(List.of("owasp-ml", "eu-ai-act")).name("release"));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        JsonNode report = JSON.readTree(out("release", ComplianceReport.JSON_FILE));
        List<String> frameworks = new ArrayList<>();
        report.path("frameworks").forEach(f -> frameworks.add(f.path("framework").asText()));
        assertThat(frameworks).containsExactly("owasp-ml", "eu-ai-act");
        assertThat(report.at("/totals/not-satisfied").asInt()).isPositive();
    }

    @Test
    void aUserCatalogueIsReportedToo() throws Exception {
        fx.signedModel("centernet");
        Files.write(tmp.resolve("policy.json"), CatalogTest.userCatalogue("team-policy", "SIGNED", "modelSign"));
        run(b -> b.frameworks(List.of("owasp-ml")).catalogs(List.of("policy.json")));
        JsonNode report = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE));
        assertThat(status(report, "team-policy", "SIGNED")).isEqualTo("satisfied");
    }

    @Test
    void shardsOfParallelBranchesCountWhenTheSetIsCompleteAndOnlyPartlyWhenNot() throws Exception {
        fx.adversarial("pds-shard-1of2", Verdict.PASS);
        fx.adversarial("pds-shard-2of2", Verdict.PASS);
        run(b -> b.frameworks(List.of("atlas")));
        JsonNode report = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE));
        assertThat(status(report, "atlas", "AML.T0043")).isEqualTo("satisfied");
        assertThat(report.at("/evidence/warnings")).isEmpty();

        deleteTree(fx.evidence.resolve("adversarialTest-pds-shard-2of2"));
        run(b -> b.frameworks(List.of("atlas")));
        report = JSON.readTree(out("compliance", ComplianceReport.JSON_FILE));
        assertThat(status(report, "atlas", "AML.T0043")).isEqualTo("partly");
        assertThat(report.at("/evidence/warnings/0").asText()).contains("incomplete").contains("[1] of 2");
    }

    @Test
    void aSecondRunSkipsTheFirstReportAndReplacesItWhole() throws Exception {
        fx.signedModel("centernet");
        run(b -> { });
        StepResult second = run(b -> { });
        assertThat(JSON.readTree(out("compliance", ComplianceReport.JSON_FILE)).at("/evidence/records")).hasSize(2);
        assertThat(second.record().subjects()).hasSize(3);
        try (Stream<Path> s = Files.list(fx.evidence)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("modelSign-centernet", "modelVerify-centernet",
                    "complianceReport-compliance");
        }
    }

    @Test
    void theReportsStatementIsDsseSignedWhenASignerIsGiven() throws Exception {
        fx.signedModel("centernet");
        KeyPair keys = Fixture.keys();
        run(b -> b.signer(Fixture.signer(keys)));
        Dsse.Envelope env = JSON.readValue(out("compliance", ComplianceReport.ENVELOPE_FILE), Dsse.Envelope.class);
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(keys.getPublic());
        v.update(env.pae());
        assertThat(v.verify(Base64.getDecoder().decode(env.signatures().get(0).sig()))).isTrue();
        assertThat(env.signatures().get(0).keyid()).isEqualTo("test-key");
        JsonNode st = JSON.readTree(env.payloadBytes());
        assertThat(st.path("predicateType").asText()).isEqualTo(ComplianceReport.PREDICATE_TYPE);
        List<String> subjects = new ArrayList<>();
        st.path("subject").forEach(s -> subjects.add(s.path("name").asText() + " " + s.at("/digest/sha256").asText()));
        for (String f : List.of(ComplianceReport.HTML_FILE, ComplianceReport.JSON_FILE, ComplianceReport.SARIF_FILE, ComplianceReport.JUNIT_FILE,
                ComplianceReport.BOM_FILE)) {
            assertThat(subjects).contains(f + " " + ParallelHasher.sha256Hex(out("compliance", f)));
        }
        assertThat(Evidence.read(out("compliance", Evidence.RECORD_FILE), "r").results()).containsEntry("signed", true);
    }

    @Test
    void signedEvidenceVerifiesWithATrustedKeyAndIsMarkedUncheckedWithoutOne() throws Exception {
        KeyPair keys = Fixture.keys();
        StepResult sign = fx.step(Kinds.MODEL_SIGN, "centernet", Verdict.PASS);
        Fixture.signRecord(sign, keys);
        run(b -> b.trustedKeys(List.of(EnvelopeVerifier.of(keys.getPublic()))).requireSignedEvidence(true));
        assertThat(JSON.readTree(out("compliance", ComplianceReport.JSON_FILE)).at("/evidence/records/0/signature").asText()).isEqualTo("verified");
        run(b -> { });
        assertThat(JSON.readTree(out("compliance", ComplianceReport.JSON_FILE)).at("/evidence/records/0/signature").asText()).isEqualTo("unverified");
    }

    @Test
    void theValidatorsUsedAboveDoRejectInvalidDocuments() throws Exception {
        fx.signedModel("centernet");
        run(b -> { });
        com.fasterxml.jackson.databind.node.ObjectNode sarif = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(out("compliance", ComplianceReport.SARIF_FILE));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0")).putArray("results").addObject().put("level", "fatal");
        assertThat(sarifErrors(sarif)).isNotEmpty();
        String bom = new String(out("compliance", ComplianceReport.BOM_FILE), StandardCharsets.UTF_8)
                .replace("\"machine-learning-model\"", "\"neural-network\"");
        assertThat(new JsonParser().validate(bom.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isNotEmpty();
    }

    // ---- bad input: a clear error naming the problem, and no report written ----

    private void refused(Consumer<ReportRequest.Builder> options, String... messageParts) {
        assertThatThrownBy(() -> run(options)).isInstanceOf(SecMlOpsException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts))
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).isNotBlank());
        assertThat(fx.reportDir("compliance")).doesNotExist();
        try (Stream<Path> s = Files.list(fx.evidence)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".") || n.startsWith("complianceReport"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCorruptRecordIsNamedAndRefused() throws Exception {
        fx.signedModel("centernet");
        Files.writeString(fx.evidence.resolve("modelSign-centernet/evidence.json"), "{\"schemaVersion\": \"secmlops.evidence/v1\", ");
        refused(b -> { }, "modelSign-centernet/evidence.json", "not valid JSON");
    }

    @Test
    void aRecordOfAnotherSchemaIsRefused() throws Exception {
        Files.createDirectories(fx.evidence.resolve("x"));
        Files.writeString(fx.evidence.resolve("x/evidence.json"), "{\"schemaVersion\": \"other/v9\"}");
        refused(b -> { }, "x/evidence.json", "other/v9");
    }

    @Test
    void anOutputWhoseDigestDiffersIsNamedAndRefused() throws Exception {
        fx.signedModel("centernet");
        Files.writeString(fx.evidence.resolve("modelSign-centernet/model.sig"), "{\"forged\": true}");
        refused(b -> { }, "modelSign-centernet/evidence.json", "'model.sig'", "changed after the step wrote it");
    }

    @Test
    void aMissingOutputIsRefused() throws Exception {
        fx.signedModel("centernet");
        Files.delete(fx.evidence.resolve("modelSign-centernet/model.sig"));
        refused(b -> { }, "model.sig", "missing");
    }

    @Test
    void anOutputNameLeadingOutOfTheFolderIsCorrupt() throws Exception {
        fx.signedModel("centernet");
        Path rec = fx.evidence.resolve("modelSign-centernet/evidence.json");
        Files.writeString(rec, Files.readString(rec).replace("\"model.sig\"", "\"../modelVerify-centernet/evidence.json\""));
        refused(b -> { }, "corrupt", "not a plain file name");
    }

    @Test
    void aStatementThatDescribesAnotherRecordIsRefused() throws Exception {
        fx.signedModel("centernet");
        Path st = fx.evidence.resolve("modelVerify-centernet/evidence.intoto.json");
        Files.writeString(st, Files.readString(st).replace("\"changedCount\" : 0", "\"changedCount\" : 7"));
        refused(b -> { }, "modelVerify-centernet/evidence.json", "different record");
    }

    @Test
    void evidenceOfAnotherBuildIsRefused() throws Exception {
        fx.signedModel("centernet");
        refused(b -> b.expectedBuild("team/pds", "43"), "job 'team/pds' build 42", "not from this build");
        refused(b -> b.expectedBuild("other/job", null), "job 'team/pds'", "not from this build");
        run(b -> b.expectedBuild("team/pds", "42"));
        deleteTree(fx.reportDir("compliance"));
        fx.step(Kinds.DRIFT_GATE, "local", Verdict.PASS, Map.of(), Map.of(), RunEnvironment.commandLine());
        refused(b -> b.expectedBuild("team/pds", "42"), "driftGate-local/evidence.json", "no build");
    }

    @Test
    void anUnknownFrameworkIsRefusedListingTheValidOnes() throws Exception {
        fx.signedModel("centernet");
        assertThatThrownBy(() -> run(b -> b.frameworks(List.of("owasp-ml", "hipaa")))).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("Unknown framework 'hipaa'")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("owasp-ml, atlas, nist-ai-rmf, eu-ai-act, iso-42001, stride, pptgc"));
        assertThat(fx.reportDir("compliance")).doesNotExist();
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        StepResult sign = fx.step(Kinds.MODEL_SIGN, "centernet", Verdict.PASS);
        Fixture.signRecord(sign, Fixture.keys());
        KeyPair other = Fixture.keys();
        refused(b -> b.trustedKeys(List.of(EnvelopeVerifier.of(other.getPublic()))), "Bad signature", "modelSign-centernet");
    }

    @Test
    void anEnvelopeAroundAnotherRecordIsRefused() throws Exception {
        KeyPair keys = Fixture.keys();
        StepResult a = fx.step(Kinds.MODEL_SIGN, "a", Verdict.PASS);
        StepResult b2 = fx.step(Kinds.MODEL_SIGN, "b", Verdict.PASS);
        Fixture.signRecord(a, keys);
        Files.copy(a.directory().resolve(EvidenceLoader.ENVELOPE_FILE), b2.directory().resolve(EvidenceLoader.ENVELOPE_FILE));
        refused(b -> b.trustedKeys(List.of(EnvelopeVerifier.of(keys.getPublic()))), "modelSign-b", "does not cover this record");
    }

    @Test
    void unsignedEvidenceIsRefusedWhenSignaturesAreRequired() throws Exception {
        fx.signedModel("centernet");
        refused(b -> b.requireSignedEvidence(true), "is not signed");
    }

    @Test
    void aSymbolicLinkInTheEvidenceFolderIsRefused() throws Exception {
        fx.signedModel("centernet");
        Files.createSymbolicLink(fx.evidence.resolve("elsewhere"), tmp);
        refused(b -> { }, "symbolic link", "elsewhere");
    }

    @Test
    void badParametersAreRefused() throws Exception {
        refused(b -> b.failOn("sometimes"), "failOn", "sometimes");
        assertThatThrownBy(() -> new ComplianceReport(l -> { }).run(ReportRequest.builder(tmp, "no-such-folder").build()))
                .hasMessageContaining("no-such-folder");
        assertThatThrownBy(() -> new ComplianceReport(l -> { }).run(ReportRequest.builder(tmp, "../outside").build()))
                .hasMessageContaining("outside the workspace");
        refused(b -> b.catalogs(List.of("missing.json")), "missing.json");
    }

    // ---- helpers ----

    private static String status(JsonNode report, String framework, String id) {
        return control(report, framework, id).path("status").asText();
    }

    private static JsonNode control(JsonNode report, String framework, String id) {
        for (JsonNode f : report.path("frameworks")) {
            if (f.path("framework").asText().equals(framework)) {
                for (JsonNode c : f.path("controls")) {
                    if (c.path("id").asText().equals(id)) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no control " + framework + " " + id);
    }

    static Set<ValidationMessage> sarifErrors(JsonNode sarif) throws Exception {
        try (InputStream in = ComplianceReportTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            return schema.validate(sarif);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
