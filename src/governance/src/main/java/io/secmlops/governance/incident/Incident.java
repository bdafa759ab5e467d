package io.secmlops.governance.incident;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a failed gate leaves for whoever responds: what failed and why, the evidence files involved with their digests,
 * the subjects' digests, the build, and the suggested next action. Written as {@code incident.json} beside the
 * evidence ({@code incidents/<evidence folder>.json} under the evidence root), never inside a record's folder, whose
 * files the record lists.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION}
 * @param openedAt        when the incident was written
 * @param kind            the failed step
 * @param name            what it checked
 * @param verdict         FAIL
 * @param reasons         the gate's reasons
 * @param evidence        the evidence folder and its files with SHA-256 digests
 * @param subjects        the artifacts the record speaks of, with digests
 * @param build           the Jenkins build or the command-line host
 * @param policy          the policy in force, when the record names one
 * @param suggestedAction what to do next
 */
@JsonPropertyOrder({"schemaVersion", "openedAt", "kind", "name", "verdict", "reasons", "evidence", "subjects", "build",
        "policy", "suggestedAction"})
public record Incident(String schemaVersion, String openedAt, String kind, String name, Verdict verdict,
                       List<String> reasons, EvidenceRef evidence, List<Subject> subjects, Map<String, String> build,
                       Object policy, String suggestedAction) {
    public static final String SCHEMA_VERSION = "secmlops.incident/v1";
    public static final String FOLDER = "incidents";

    /** The evidence folder ({@code step}) and each of its files with its SHA-256. */
    public record EvidenceRef(String folder, Map<String, String> files) {
    }

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("dataProvenance", "Do not train on this data: compare the changed files named in the evidence with "
                    + "the data set's origin, and pin the new manifest only after the data steward has reviewed them."),
            Map.entry("modelSign", "Nothing was released: fix what the evidence names (key, scan finding) and sign again."),
            Map.entry("modelVerify", "Do not deploy: the model differs from what was signed. Diff the manifest to find the "
                    + "changed files, find out who changed them, and re-sign only after review."),
            Map.entry("driftGate", "Review the drifted columns with the data steward; retrain, or update the reference "
                    + "profile after sign-off, before releasing."),
            Map.entry("artifactScan", "Quarantine the model file; re-export the weights in a safe format (safetensors, "
                    + "state_dict) and scan again. Do not load it to find out."),
            Map.entry("dataAudit", "Remove the leaked, duplicated or conflicting samples listed in the evidence and run the "
                    + "audit again; check suspected backdoor samples by hand."),
            Map.entry("adversarialTest", "Do not release: robustness fell below the policy. Retrain with the failing attack "
                    + "in the training mix or enable a defence, and compare its cost in the evidence."),
            Map.entry("piiScan", "Stop using and sharing this data set: it holds personal data although declared anonymised. "
                    + "Re-run the anonymisation on the columns named, delete derived copies, and tell the data protection "
                    + "officer if it left the controlled environment (GDPR Art. 33 may apply)."),
            Map.entry("approvals", "The release was refused or the approval no longer matches the artifacts: address the "
                    + "approver's message and request a new approval of the current digests."),
            Map.entry("complianceReport", "Close the controls the report lists as failed or missing evidence, then rebuild."),
            Map.entry("policy", "Run the steps and collect the approvals the policy requires, or change the policy "
                    + "through a reviewed commit."));

    /** The suggested next action for a failed step of this kind. */
    public static String suggestedAction(String kind) {
        return ACTIONS.getOrDefault(kind, "Read the reasons in the evidence record, fix them and run the step again.");
    }

    /** The incident for a failed record read from {@code folder}. */
    public static Incident of(EvidenceRecord record, Path folder) throws SecMlOpsException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(f.getFileName().toString(), ParallelHasher.sha256Hex(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the evidence folder '" + folder + "' for the incident record.",
                    "check its permissions.", e);
        }
        Object policy = record.parameters() == null ? null : record.parameters().get("policy");
        return new Incident(SCHEMA_VERSION, Instant.now().toString(), record.kind(), record.name(), record.verdict(),
                record.reasons(), new EvidenceRef(folder.getFileName().toString(), files), record.subjects(),
                record.environment(), policy, suggestedAction(record.kind()));
    }

    /**
     * Writes an incident for every FAIL record directly under {@code evidenceRoot} that has none yet, into
     * {@code evidenceRoot/incidents/}. Returns the files written.
     */
    public static List<Path> writeFor(Path evidenceRoot) throws SecMlOpsException {
        List<Path> written = new ArrayList<>();
        if (!Files.isDirectory(evidenceRoot)) {
            return written;
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(evidenceRoot)) {
            folders = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> !d.getFileName().toString().equals(FOLDER)).sorted().toList();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot list the evidence folder '" + evidenceRoot + "'.", "check its permissions.", e);
        }
        for (Path folder : folders) {
            Path recordFile = folder.resolve(Evidence.RECORD_FILE);
            Path target = evidenceRoot.resolve(FOLDER).resolve(folder.getFileName() + ".json");
            if (!Files.isRegularFile(recordFile) || Files.exists(target)) {
                continue;
            }
            try {
                EvidenceRecord r = Evidence.read(Files.readAllBytes(recordFile), recordFile.toString());
                if (r.verdict() == Verdict.FAIL) {
                    Files.createDirectories(target.getParent());
                    AtomicFiles.write(target, Evidence.json(of(r, folder)));
                    written.add(target);
                }
            } catch (IOException e) {
                throw new SecMlOpsException("Cannot write the incident record '" + target + "'.", "check free space and permissions.", e);
            }
        }
        return written;
    }
}
