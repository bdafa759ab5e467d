package io.secmlops.audit.artifacts;

import io.secmlops.audit.Severity;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.FileEntry;
import io.secmlops.engine.hash.Manifest;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.hash.TreeDigester;
import io.secmlops.engine.hash.WalkOptions;
import io.secmlops.engine.io.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code artifactScan}: reads a model's files the way a loader would, without loading them, and reports what loading
 * would run: pickle imports (plain pickles, PyTorch zip and legacy checkpoints, NumPy object arrays), Keras Lambda
 * layers and custom objects, TensorFlow ops that touch files or run Python, and zip entries that escape their folder
 * or are duplicated.
 *
 * <p><b>For modelSign.</b> Call {@link #beforeSigning(List, boolean, String)} on the files about to be signed. It
 * scans without writing, throws (so nothing is signed) when there are critical findings unless the caller overrides
 * with a reason, and returns what the signing evidence records.
 */
public final class ArtifactScan {
    public static final String KIND = "artifactScan";
    public static final String FINDINGS_FILE = "findings.json";

    private final ProgressListener log;

    public ArtifactScan(ProgressListener log) {
        this.log = log;
    }

    /** Scans without writing anything, with the default allow-list. The findings come worst first. */
    public static List<Finding> findings(Path model) throws SecMlOpsException {
        return report(model, GlobalPolicy.defaults()).findings();
    }

    /** Scans without writing anything: every file with its format, and every finding. */
    public static ScanReport report(Path model, GlobalPolicy policy) throws SecMlOpsException {
        return new ModelScanner(policy, ProgressListener.SILENT).scan(ModelScanner.list(model, WalkOptions.defaults()));
    }

    /** The option that overrides the scan, as the Pipeline step and the CLI spell it, for messages. */
    public static final String OVERRIDE_OPTION = "overrideScan: 'why the model is trusted' (secmlops sign --override-scan WHY)";

    /** {@link #beforeSigning(List, boolean, String)} on every file of {@code model}. */
    public static SigningCheck beforeSigning(Path model, boolean override, String reason) throws SecMlOpsException {
        checkReason(override, reason);
        return beforeSigning(ModelScanner.list(model, WalkOptions.defaults()), override, reason);
    }

    /**
     * The scan that gates signing: scans {@code files} (the model's files as the signer listed them, paths relative to
     * the model) without writing; critical findings refuse signing with a {@link SecMlOpsException} unless
     * {@code override} is set with a non-blank {@code reason}.
     */
    public static SigningCheck beforeSigning(List<FileEntry> files, boolean override, String reason) throws SecMlOpsException {
        checkReason(override, reason);
        ScanReport report = new ModelScanner(GlobalPolicy.defaults(), ProgressListener.SILENT).scan(files);
        List<Finding> critical = report.atLeast(Severity.CRITICAL);
        if (!critical.isEmpty() && !override) {
            throw new SecMlOpsException("The model has " + critical.size() + " critical artifact-scan finding(s), first: "
                    + critical.get(0).oneLine() + ". Nothing was signed.",
                    "remove what the scan names (re-export the weights as safetensors or a state_dict), or sign anyway with "
                            + OVERRIDE_OPTION + "; the signing evidence records the reason and the findings.");
        }
        return new SigningCheck(report, override && !critical.isEmpty(), override ? reason.trim() : null);
    }

    private static void checkReason(boolean override, String reason) throws SecMlOpsException {
        if (override && (reason == null || reason.isBlank())) {
            throw new SecMlOpsException("Signing despite the artifact scan (overrideScan) needs a reason, and none was given.",
                    "give the reason as the option's value: " + OVERRIDE_OPTION + ".");
        }
    }

    /**
     * What {@link #beforeSigning} found, ready for the signing evidence.
     *
     * @param overridden true when critical findings were present and the override let signing go on
     * @param reason     the override's reason when the caller overrode (whether or not it was needed), else null
     */
    public record SigningCheck(ScanReport report, boolean overridden, String reason) {
        /** Up to 20 findings at {@code severity}, one line each. */
        public List<String> first(Severity severity) {
            return report.findings().stream().filter(f -> f.severity() == severity).limit(20).map(Finding::oneLine).toList();
        }

        /** {@code results.artifactScan}: counts, whether the override was used and why, the critical and high findings. */
        public Map<String, Object> result() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("filesScanned", report.scannedCount());
            r.put("findings", report.countBySeverity());
            r.put("overridden", overridden);
            if (reason != null) {
                r.put("overrideReason", reason);
            }
            List<String> critical = first(Severity.CRITICAL);
            if (!critical.isEmpty()) {
                r.put("critical", critical);
            }
            List<String> high = first(Severity.HIGH);
            if (!high.isEmpty()) {
                r.put("high", high);
            }
            return r;
        }
    }

    public StepResult run(ArtifactScanRequest r) throws SecMlOpsException {
        Workspace ws = new Workspace(r.workspace);
        Path model = ws.resolveExisting(r.path, "model path");
        String name = r.name != null && !r.name.isBlank() ? r.name.trim() : defaultName(model);
        checkName(name);
        Severity failOn = Severity.parseThreshold(r.failOn, Severity.CRITICAL, "failOn");
        Severity unstableOn = Severity.parseThreshold(r.unstableOn, Severity.HIGH, "unstableOn");
        GlobalPolicy policy = GlobalPolicy.defaults().allowing(r.allowGlobals);

        Evidence evidence = Evidence.begin(KIND, name, r.environment);
        evidence.parameter("path", ws.relative(model))
                .parameter("failOn", failOn == null ? "none" : failOn.label())
                .parameter("unstableOn", unstableOn == null ? "none" : unstableOn.label())
                .parameter("allowGlobals", policy.userEntries().isEmpty() ? null : policy.userEntries())
                .parameter("ignore", r.ignore.isEmpty() ? null : r.ignore)
                .parameter("allowSymlinks", r.allowSymlinks);

        log.progress(KIND + ": listing '" + ws.relative(model) + "'");
        WalkOptions walk = new WalkOptions(r.allowSymlinks, Set.of(), r.ignore,
                Set.of(r.outputRoot.toAbsolutePath().normalize(), ws.root().resolve(".secmlops")));
        List<FileEntry> files = ModelScanner.list(model, walk);
        evidence.clock().lap("list");
        ScanReport report = new ModelScanner(policy, log).scan(files);
        evidence.clock().lap("scan");
        Manifest manifest = new TreeDigester(r.threads, log).digest(name, files, null);
        evidence.clock().lap("hash");

        Map<String, Integer> formats = new TreeMap<>();
        report.files().forEach(f -> formats.merge(f.format(), 1, Integer::sum));
        List<Finding> all = report.findings();
        evidence.subject(Subject.sha256(name, manifest.rootDigest()))
                .result("rootDigest", manifest.rootDigest())
                .result("fileCount", files.size())
                .result("filesScanned", report.scannedCount())
                .result("formats", formats)
                .result("findingCounts", report.countBySeverity())
                .result("findings", all.subList(0, Math.min(all.size(), r.maxFindingsInRecord)))
                .result("findingsTruncated", all.size() > r.maxFindingsInRecord ? all.size() - r.maxFindingsInRecord : null)
                .output(FINDINGS_FILE, Evidence.json(report));

        Gate gate = new Gate();
        List<Finding> failing = failOn == null ? List.of() : report.atLeast(failOn);
        if (!failing.isEmpty()) {
            gate.violate(Verdict.FAIL, failing.size() + " finding(s) at " + failOn.label() + " or worse in model '" + name
                    + "', first: " + failing.get(0).oneLine());
        }
        List<Finding> unstable = unstableOn == null ? List.of()
                : report.atLeast(unstableOn).stream().filter(f -> failOn == null || !f.severity().atLeast(failOn)).toList();
        if (!unstable.isEmpty()) {
            gate.violate(Verdict.UNSTABLE, unstable.size() + " finding(s) at " + unstableOn.label() + " or worse in model '"
                    + name + "', first: " + unstable.get(0).oneLine());
        }
        List<String> summary = new ArrayList<>();
        Map<String, Integer> counts = report.countBySeverity();
        summary.add(String.format(Locale.ROOT, "%s '%s': %d file(s), %d scanned (%s), %s, root sha256:%s", KIND, name,
                files.size(), report.scannedCount(), String.join(", ", formats.keySet()),
                ParallelHasher.bytes(manifest.totalBytes()), manifest.rootDigest()));
        summary.add(String.format(Locale.ROOT, "findings: %d critical, %d high, %d medium, %d low", counts.get("critical"),
                counts.get("high"), counts.get("medium"), counts.get("low")));
        all.stream().limit(10).forEach(f -> summary.add("  " + f.oneLine()));
        if (all.size() > 10) {
            summary.add("  ... " + (all.size() - 10) + " more in " + FINDINGS_FILE);
        }
        evidence.clock().lap("record");
        return evidence.commit(r.outputRoot, gate, String.join("\n", summary));
    }

    private static String defaultName(Path model) {
        Path f = model.getFileName();
        return f == null ? "model" : f.toString();
    }

    private static void checkName(String name) throws SecMlOpsException {
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new SecMlOpsException("The model name is longer than 200 characters or holds control characters.",
                    "use a short printable name such as 'pds-detector'.");
        }
    }
}
