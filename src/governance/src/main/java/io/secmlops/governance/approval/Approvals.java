package io.secmlops.governance.approval;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.FileTree;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.hash.TreeDigester;
import io.secmlops.engine.hash.WalkOptions;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.policy.Policy;
import io.secmlops.governance.policy.PolicyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Release approvals as evidence ({@code kind: approvals}, named by role): the approver's identity, the time, the role,
 * the decision, and the digests of what was approved (the OpenSSF model-signing root digest of each file or folder,
 * the same digest {@code dataProvenance} and {@code modelSign} record). {@link #verify} checks later that the artifacts
 * still have the approved digests.
 */
public final class Approvals {
    public static final String KIND = "approvals";

    private final ProgressListener log;

    public Approvals(ProgressListener log) {
        this.log = log;
    }

    public StepResult record(ApprovalRequest r) throws SecMlOpsException {
        Workspace ws = new Workspace(r.workspace);
        String role = required(r.role, "role", "name the role the approver acts in, e.g. 'security-reviewer'");
        String approver = required(r.approver, "approver", "pass the approving user's id (the 'submitter' the input step returns)");
        if (r.artifacts.isEmpty()) {
            throw new SecMlOpsException("The approval by role '" + role + "' names no artifacts.",
                    "list the model or data paths the approver releases, so that the approval binds to their digests.");
        }
        PolicyFile policy = PolicyFile.loadOrDefault(ws, r.policy);
        if (policy != null) {
            Policy.Role defined = policy.policy().roles().get(role);
            if (defined == null) {
                throw new SecMlOpsException("The policy file '" + policy.path() + "' defines no role '" + role + "'.",
                        "use one of " + policy.policy().roles().keySet() + ", or add the role to the policy.");
            }
            if (!defined.members().contains(approver)) {
                throw new SecMlOpsException("'" + approver + "' does not hold the role '" + role + "' in the policy file '"
                        + policy.path() + "'; nothing was recorded.",
                        "have a member of that role approve (" + defined.members().size() + " member(s)), or add the user "
                                + "to the role through a reviewed change of the policy.");
            }
        }
        Map<String, String> digests = new LinkedHashMap<>();
        for (String a : r.artifacts) {
            digests.put(ws.relative(ws.resolveExisting(a, "approved artifact")), digest(ws, a));
        }
        for (Map.Entry<String, String> e : r.expectedDigests.entrySet()) {
            String key = ws.relative(ws.resolve(e.getKey(), "approved artifact"));
            String now = digests.containsKey(key) ? digests.get(key) : digest(ws, e.getKey());
            mismatch(key, normalise(e.getValue()), now, role);
        }
        Evidence evidence = Evidence.begin(KIND, role, r.environment);
        digests.forEach((path, sha) -> evidence.subject(Subject.sha256(path, sha)));
        evidence.parameter("role", role).parameter("artifacts", r.artifacts)
                .parameter("policy", policy == null ? null : policy.reference())
                .result("approver", approver)
                .result("decision", r.approved ? "approved" : "refused")
                .result("decidedAt", r.decidedAt.toString())
                .result("message", r.message == null || r.message.isBlank() ? null : r.message.trim())
                .result("digests", digests)
                .result("roleCheckedAgainstPolicy", policy != null);
        Gate gate = new Gate();
        if (!r.approved) {
            gate.violate(Verdict.FAIL, "release refused by '" + approver + "' (role " + role + ")"
                    + (r.message == null || r.message.isBlank() ? "" : ": " + r.message.trim()));
        }
        log.progress(KIND + ": " + (r.approved ? "approved" : "refused") + " by " + approver + " as " + role);
        String summary = String.format(Locale.ROOT, "%s '%s': %s by %s at %s, %d artifact(s)", KIND, role,
                r.approved ? "approved" : "refused", approver, r.decidedAt, digests.size());
        return evidence.commit(r.outputRoot, gate, summary);
    }

    /**
     * Checks that every artifact of an approval record still has the digest that was approved; a mismatch is a
     * {@link SecMlOpsException} naming the artifact and both digests.
     */
    public static void verify(Workspace ws, EvidenceRecord approval) throws SecMlOpsException {
        if (!KIND.equals(approval.kind())) {
            throw new SecMlOpsException("The record '" + approval.kind() + "/" + approval.name() + "' is not an approval.",
                    "give an approval record (kind 'approvals').");
        }
        for (Subject s : approval.subjects()) {
            mismatch(s.name(), s.digest().get("sha256"), digest(ws, s.name()), approval.name());
        }
    }

    /** Reads an approval record file and verifies it. */
    public static EvidenceRecord verify(Workspace ws, Path recordFile) throws SecMlOpsException {
        EvidenceRecord r;
        try {
            r = Evidence.read(Files.readAllBytes(recordFile), recordFile.toString());
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the approval record '" + recordFile + "'.", "check the path.", e);
        }
        verify(ws, r);
        return r;
    }

    private static void mismatch(String path, String approved, String now, String role) throws SecMlOpsException {
        if (!now.equals(approved)) {
            throw new SecMlOpsException("The approval by role '" + role + "' no longer matches '" + path + "': approved sha256:"
                    + approved + ", now sha256:" + now + ".",
                    "the artifact changed after it was approved: find out what changed (dataProvenance, modelVerify) and "
                            + "request a new approval of the current digest.");
        }
    }

    /** The OMS root digest of a file or folder (for a file: SHA-256 over its own digest), as modelSign records it. */
    static String digest(Workspace ws, String path) throws SecMlOpsException {
        Path p = ws.resolveExisting(path, "approved artifact");
        return new TreeDigester(ParallelHasher.defaultThreads(), ProgressListener.SILENT)
                .digest(p.getFileName().toString(), FileTree.list(p, WalkOptions.defaults(), "approved artifact"), null)
                .rootDigest();
    }

    private static String normalise(String digest) {
        String d = digest == null ? "" : digest.trim().toLowerCase(Locale.ROOT);
        return d.startsWith("sha256:") ? d.substring(7) : d;
    }

    private static String required(String v, String what, String fix) throws SecMlOpsException {
        if (v == null || v.isBlank()) {
            throw new SecMlOpsException("The approval has no " + what + ".", fix + ".");
        }
        if (v.length() > 200 || v.chars().anyMatch(Character::isISOControl)) {
            throw new SecMlOpsException("The approval's " + what + " is longer than 200 characters or holds control characters.",
                    "give a plain " + what + ".");
        }
        return v.trim();
    }
}
