package io.secmlops.governance.policy;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.approval.Approvals;
import io.secmlops.governance.metrics.OpenMetricsExport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code policy check}: reads and checks the policy file and records which policy is in force (evidence
 * {@code kind: policy}, its subject the file's digest). Given a build's evidence folder, it also checks that every
 * required step ran and that every required approval was given by enough distinct members of its role, each approval
 * still matching its artifacts' digests.
 */
public final class PolicyCheck {
    public static final String KIND = "policy";

    private final ProgressListener log;

    public PolicyCheck(ProgressListener log) {
        this.log = log;
    }

    /**
     * @param policyPath   the policy file, relative to the workspace
     * @param evidenceRoot the build's evidence folder to check against the policy, or null to check the file only
     */
    public StepResult run(Path workspace, String policyPath, Path evidenceRoot, Path outputRoot, RunEnvironment env)
            throws SecMlOpsException {
        return run(workspace, policyPath, evidenceRoot, evidenceRoot == null ? null : evidenceRoot.toString(), outputRoot, env);
    }

    /** @param evidenceLabel how the evidence checked is named in the record (a Jenkins step: "this build") */
    public StepResult run(Path workspace, String policyPath, Path evidenceRoot, String evidenceLabel, Path outputRoot,
                          RunEnvironment env) throws SecMlOpsException {
        Workspace ws = new Workspace(workspace);
        PolicyFile pf = PolicyFile.load(ws, policyPath == null ? PolicyFile.DEFAULT_PATH : policyPath);
        Policy p = pf.policy();
        Evidence evidence = Evidence.begin(KIND, "policy", env);
        evidence.subject(Subject.sha256(pf.path(), pf.sha256()))
                .parameter("policy", pf.reference())
                .result("version", p.version())
                .result("roles", new ArrayList<>(p.roles().keySet()))
                .result("gates", p.gates())
                .result("requiredSteps", p.requiredSteps())
                .result("approvals", p.approvals());
        Gate gate = new Gate();
        List<String> summary = new ArrayList<>();
        summary.add("policy '" + pf.path() + "' version " + p.version() + " (sha256:" + pf.sha256() + "): "
                + p.roles().size() + " role(s), " + p.gates().size() + " gate setting(s), " + p.requiredSteps().size()
                + " required step(s), " + p.approvals().size() + " required approval(s)");
        if (evidenceRoot != null) {
            List<OpenMetricsExport.Loaded> records = OpenMetricsExport.load(evidenceRoot);
            Set<String> ran = new LinkedHashSet<>();
            records.forEach(l -> ran.add(l.record().kind()));
            List<String> missing = p.requiredSteps().stream().filter(s -> !ran.contains(s)).toList();
            gate.check(missing.isEmpty(), Verdict.FAIL, "required step(s) did not run: " + missing);
            Map<String, Object> approvals = new LinkedHashMap<>();
            for (Policy.ApprovalRule rule : p.approvals()) {
                Set<String> approvers = new LinkedHashSet<>();
                for (OpenMetricsExport.Loaded l : records) {
                    EvidenceRecord r = l.record();
                    if (Approvals.KIND.equals(r.kind()) && rule.role().equals(r.name())
                            && "approved".equals(r.results().get("decision"))
                            && p.roles().get(rule.role()).members().contains(String.valueOf(r.results().get("approver")))) {
                        Approvals.verify(ws, r);
                        approvers.add(String.valueOf(r.results().get("approver")));
                    }
                }
                approvals.put(rule.role() + " before " + rule.before(), approvers.size() + "/" + rule.count());
                gate.check(approvers.size() >= rule.count(), Verdict.FAIL, rule.count() + " approval(s) by role '"
                        + rule.role() + "' required before " + rule.before() + ", " + approvers.size() + " given");
            }
            evidence.parameter("evidence", evidenceLabel)
                    .result("stepsRun", new ArrayList<>(ran))
                    .result("missingSteps", missing)
                    .result("approvalsGiven", approvals);
            summary.add("checked " + records.size() + " evidence record(s): " + (missing.isEmpty() ? "all required steps ran"
                    : "missing " + missing) + "; approvals " + approvals);
        }
        log.progress(KIND + ": " + pf.path() + " version " + p.version());
        return evidence.commit(outputRoot, gate, String.join("\n", summary));
    }
}
