package io.jenkins.plugins.secmlops.report;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.signing.ControllerSigner;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.Statement;
import io.secmlops.engine.evidence.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The controller's side of {@code complianceReport}: checks the report folder copied back from the agent (which the
 * controller does not trust) before anything is stored, and signs the report's statement with the credential's key.
 * The statement's subjects are digests the controller computed itself from the files it holds, so an agent cannot
 * get anything else signed.
 */
public final class ReportFiles {
    public static final String KIND = "complianceReport";
    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String SARIF = "report.sarif";
    public static final String JUNIT = "report.junit.xml";
    public static final String BOM = "bom.cdx.json";
    public static final String ENVELOPE = "report.dsse.json";
    /** The report files by the {@code formats:} name that selects them, in the engine's order. */
    public static final Map<String, String> FORMATS = formats();
    /** The engine's predicate type for the report statement ({@code ComplianceReport.PREDICATE_TYPE}). */
    public static final String PREDICATE_TYPE = "https://secmlops.io/complianceReport/v1";

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private ReportFiles() {
    }

    private static Map<String, String> formats() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("html", HTML);
        m.put("json", JSON);
        m.put("sarif", SARIF);
        m.put("junit", JUNIT);
        m.put("cyclonedx", BOM);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Checks a report folder: plain files with plain names only, a complianceReport record named {@code name} whose
     * outputs are exactly the five report files with matching digests.
     */
    public static CheckedReport check(Path dir, String name) throws IOException {
        Set<String> present = new LinkedHashSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (!EvidenceStore.isSafeName(f) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw untrusted("holds '" + f + "', which is not a plain file with a plain name");
                }
                present.add(f);
            }
        }
        if (!present.contains(Evidence.RECORD_FILE)) {
            throw untrusted("has no " + Evidence.RECORD_FILE);
        }
        EvidenceRecord record;
        try {
            record = Evidence.read(Files.readAllBytes(dir.resolve(Evidence.RECORD_FILE)), KIND + "/" + Evidence.RECORD_FILE);
        } catch (SecMlOpsException e) {
            throw untrusted("holds a record that cannot be read (" + e.getMessage() + ")");
        }
        if (!KIND.equals(record.kind()) || !name.equals(record.name())) {
            throw untrusted("holds a " + record.kind() + " record named '" + record.name() + "'");
        }
        Map<String, String> digests = new LinkedHashMap<>();
        for (Subject out : record.outputs()) {
            String f = out.name();
            if (!present.contains(f)) {
                throw untrusted("lacks " + f + ", which its record lists");
            }
            String actual = sha256(dir.resolve(f));
            if (!actual.equals(out.digest().get("sha256"))) {
                throw untrusted("holds " + f + " whose sha256 differs from its record");
            }
            digests.put(f, actual);
        }
        for (String f : FORMATS.values()) {
            if (!digests.containsKey(f)) {
                throw untrusted("lacks " + f);
            }
        }
        Set<String> allowed = new LinkedHashSet<>(digests.keySet());
        allowed.add(Evidence.RECORD_FILE);
        allowed.add(Evidence.STATEMENT_FILE);
        for (String f : present) {
            if (!allowed.contains(f)) {
                throw untrusted("holds " + f + ", which its record does not list");
            }
        }
        return new CheckedReport(record, digests);
    }

    private static AbortException untrusted(String what) {
        return new AbortException(KIND + ": the report folder copied back from the agent " + what
                + "; nothing was stored. Fix: run the step again on a trusted agent.");
    }

    /**
     * The report's in-toto statement: the five report files with the digests the controller computed, and the
     * engine's summary (the record's results without {@code signed}) as predicate, as the engine builds it.
     */
    public static Statement statement(CheckedReport report) {
        List<Subject> subjects = new ArrayList<>();
        for (String f : FORMATS.values()) {
            subjects.add(Subject.sha256(f, report.digests().get(f)));
        }
        Map<String, Object> predicate = new LinkedHashMap<>(report.record().results());
        predicate.remove("signed");
        return Statement.of(subjects, PREDICATE_TYPE, predicate);
    }

    /** Signs {@link #statement} with the credential's key on the controller and writes {@link #ENVELOPE} into {@code dir}. */
    public static byte[] sign(Path dir, CheckedReport report, StandardCredentials credential, String id, PrintStream log)
            throws IOException {
        byte[] envelope = ControllerSigner.signStatement(statement(report), credential, id, KIND, log);
        Files.write(dir.resolve(ENVELOPE), envelope, StandardOpenOption.CREATE_NEW);
        return envelope;
    }

    /** The action's small entry for a stored report: counts from its record, step verdicts from its report.json. */
    public static ComplianceReportAction.Entry entry(Path stored, String name, CheckedReport report, String signedWith)
            throws IOException {
        List<ComplianceReportAction.StepVerdict> steps = new ArrayList<>();
        for (JsonNode r : readJson(stored.resolve(JSON)).path("evidence").path("records")) {
            steps.add(new ComplianceReportAction.StepVerdict(r.path("kind").asText(), r.path("name").asText(),
                    r.path("verdict").asText()));
        }
        return new ComplianceReportAction.Entry(stored.getFileName().toString(), name, report.verdict(),
                report.total("satisfied"), report.total("partly"), report.total("not-satisfied"),
                report.total("not-assessed"), report.evidenceRecords(), signedWith, steps);
    }

    static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static JsonNode readJson(Path f) throws IOException {
        return JSON_MAPPER.readTree(f.toFile());
    }

    static ObjectMapper mapper() {
        return JSON_MAPPER;
    }

    /** A report folder that passed {@link #check}: its record and the digests of its outputs. */
    public record CheckedReport(EvidenceRecord record, Map<String, String> digests) {
        public String verdict() {
            return record.verdict().name();
        }

        public List<String> reasons() {
            return record.reasons() == null ? List.of() : record.reasons();
        }

        /** Count of controls with status {@code id} (satisfied, partly, not-satisfied, not-assessed). */
        public int total(String id) {
            Object totals = record.results() == null ? null : record.results().get("totals");
            if (totals instanceof Map<?, ?> m && m.get(id) instanceof Number n) {
                return n.intValue();
            }
            return 0;
        }

        public int evidenceRecords() {
            Object n = record.results() == null ? null : record.results().get("evidenceRecords");
            return n instanceof Number x ? x.intValue() : 0;
        }
    }
}
