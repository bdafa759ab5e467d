package io.secmlops.governance.pii;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.OnFailure;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.policy.Policy;
import io.secmlops.governance.policy.PolicyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code piiScan}: counts personal data (e-mail addresses, phone numbers, payment cards, US SSNs, UK NINOs, IBANs,
 * IP addresses, person-name columns) per file, column and pattern in CSV, JSON Lines and metadata files. Evidence,
 * summary, log lines and messages hold counts, file paths and column labels only: never a value nor part of one.
 * When the data is declared anonymised, any finding violates the gate ({@code onPii}: fail or unstable).
 */
public final class PiiScan {
    public static final String KIND = "piiScan";
    public static final String FINDINGS_FILE = "pii-findings.json";

    private final ProgressListener log;

    public PiiScan(ProgressListener log) {
        this.log = log;
    }

    public StepResult run(PiiScanRequest r) throws SecMlOpsException {
        Workspace ws = new Workspace(r.workspace);
        if (r.paths.isEmpty()) {
            throw new SecMlOpsException("piiScan has no path to scan.", "give one or more files or folders (CSV, JSON Lines, JSON, YAML, text).");
        }
        PolicyFile policy = PolicyFile.loadOrDefault(ws, r.policy);
        String onPiiValue = r.onPii;
        if (onPiiValue == null && policy != null) {
            onPiiValue = policy.policy().gateSetting(KIND, "onPii");
        }
        OnFailure onPii = OnFailure.parse(onPiiValue, "onPii");

        Map<String, Path> files = new TreeMap<>();
        for (String p : r.paths) {
            Path root = ws.resolveExisting(p, "data path");
            collect(root, ws, files);
        }
        if (files.isEmpty()) {
            throw new SecMlOpsException("piiScan found no CSV, JSON Lines, JSON, YAML or text file under " + r.paths + ".",
                    "point it at the data files (.csv, .jsonl, .ndjson, .json, .yaml, .yml, .txt, .md).");
        }
        String name = r.name != null && !r.name.isBlank() ? r.name.trim() : Path.of(r.paths.get(0)).getFileName().toString();
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new SecMlOpsException("The data set name is longer than 200 characters or holds control characters.",
                    "use a short printable name such as 'customers-anon'.");
        }

        Evidence evidence = Evidence.begin(KIND, name, r.environment);
        evidence.parameter("paths", r.paths).parameter("anonymised", r.anonymised)
                .parameter("onPii", onPii.name().toLowerCase(Locale.ROOT))
                .parameter("ignoreColumns", r.ignoreColumns.isEmpty() ? null : r.ignoreColumns)
                .parameter("policy", policy == null ? null : policy.reference());

        PiiScanner scanner = new PiiScanner(new HashSet<>(r.ignoreColumns));
        int fileNo = 0;
        List<String> labels = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            fileNo++;
            // a file name may itself be personal (exports named after a person): then it is named by number
            String label = PiiDetector.detect(e.getKey()).isEmpty() ? e.getKey() : "file #" + fileNo;
            labels.add(label);
            log.progress(KIND + ": scanning " + label);
            scanner.scan(e.getValue(), label, PiiScanner.Format.of(e.getValue()));
            evidence.subject(Subject.sha256(label, sha256(e.getValue(), label)));
        }
        evidence.clock().lap("scan");
        PiiCounts counts = scanner.counts();
        List<PiiCounts.Finding> findings = counts.findings();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("files", labels);
        report.put("cellsByFile", new TreeMap<>(counts.cellsByFile()));
        report.put("findings", findings);
        evidence.result("files", counts.files())
                .result("cellsScanned", counts.cellsScanned())
                .result("cellsWithPii", counts.total())
                .result("byPattern", counts.totals())
                .result("findings", findings.subList(0, Math.min(findings.size(), 100)))
                .result("findingsTruncated", findings.size() > 100 ? findings.size() - 100 : null)
                .output(FINDINGS_FILE, Evidence.json(report));

        Gate gate = new Gate();
        if (r.anonymised && !findings.isEmpty()) {
            gate.violate(onPii.verdict(), counts.total() + " cell(s) with personal data in '" + name
                    + "', which is declared anonymised: " + describe(findings, 5));
        }
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s '%s': %d file(s), %d cell(s) scanned, %d with personal data%s", KIND,
                name, counts.files(), counts.cellsScanned(), counts.total(), r.anonymised ? " (declared anonymised)" : ""));
        findings.stream().limit(10).forEach(f -> summary.add("  " + f.file() + " [" + f.column() + "] " + f.pattern() + ": "
                + f.cells()));
        if (findings.size() > 10) {
            summary.add("  ... " + (findings.size() - 10) + " more in " + FINDINGS_FILE);
        }
        return evidence.commit(r.outputRoot, gate, String.join("\n", summary));
    }

    private static String describe(List<PiiCounts.Finding> findings, int max) {
        List<String> parts = new ArrayList<>();
        findings.stream().limit(max).forEach(f -> parts.add(f.pattern() + " in " + f.file() + " column '" + f.column()
                + "' (" + f.cells() + ")"));
        return String.join(", ", parts) + (findings.size() > max ? ", and " + (findings.size() - max) + " more" : "");
    }

    private static void collect(Path root, Workspace ws, Map<String, Path> files) throws SecMlOpsException {
        if (Files.isRegularFile(root)) {
            if (PiiScanner.Format.of(root) == null) {
                throw new SecMlOpsException("piiScan cannot read '" + ws.relative(root) + "': not CSV, JSON Lines, JSON, YAML or text.",
                        "scan .csv, .jsonl, .ndjson, .json, .yaml, .yml, .txt or .md files.");
            }
            files.put(ws.relative(root), root);
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(p -> PiiScanner.Format.of(p) != null)
                    .filter(p -> !ws.relative(p).startsWith(".secmlops/")).toList()) {
                files.put(ws.relative(p), p);
            }
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot list '" + ws.relative(root) + "': " + e.getClass().getSimpleName() + ".",
                    "check the folder's permissions.", e);
        }
    }

    private static String sha256(Path file, String label) throws SecMlOpsException {
        // streamed: data files can be far larger than memory
        java.security.MessageDigest md = ParallelHasher.sha256();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return io.secmlops.engine.hash.Hex.of(md.digest());
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read '" + label + "'.", "check that the file is readable.", e);
        }
    }

    /** Patterns by label, for callers that filter. */
    public static Set<String> patterns() {
        Set<String> s = new java.util.LinkedHashSet<>();
        for (PiiPattern p : PiiPattern.values()) {
            s.add(p.label());
        }
        return s;
    }
}
