package io.jenkins.plugins.secmlops.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code secmlopsApproval role: 'security-reviewer', approver: r.approver, decision: r.decision, artifacts: [...]}:
 * records a release decision taken with Pipeline's {@code input} step as evidence: who (the submitter {@code input}
 * returns through {@code submitterParameter}; {@code input}'s {@code submitter} restricts who may answer), when, in
 * which role, and the digests of the artifacts approved. With a policy file, the role must be defined there and the
 * approver must hold it. A refusal is recorded too, and fails the step, so the release stops with its evidence and an
 * incident record. With {@code verify: true} it checks instead that the build's latest approval by the role still
 * matches the artifacts. See {@code docs/steps/secmlopsApproval.md}.
 */
public final class ApprovalStep extends SecMlOpsStep {
    private final String role;
    private String approver;
    private String decision = "approved";
    private List<String> artifacts = List.of();
    private Map<String, String> digests = Map.of();
    private String message;
    private String policy;
    private boolean verify;

    @DataBoundConstructor
    public ApprovalStep(String role) {
        this.role = trimToNull(role);
    }

    public String getRole() {
        return role;
    }

    public String getApprover() {
        return approver;
    }

    /** The approving user's id: what {@code input(submitterParameter: 'approver', ...)} returned. */
    @DataBoundSetter
    public void setApprover(String approver) {
        this.approver = trimToNull(approver);
    }

    public String getDecision() {
        return decision;
    }

    /** 'approved' (default) or 'refused'. */
    @DataBoundSetter
    public void setDecision(String decision) {
        this.decision = trimToNull(decision) == null ? "approved" : decision.trim().toLowerCase(Locale.ROOT);
    }

    public List<String> getArtifacts() {
        return artifacts;
    }

    /** The models or data sets released (workspace paths). Pipeline script only. */
    @DataBoundSetter
    public void setArtifacts(List<String> artifacts) {
        this.artifacts = clean(artifacts);
    }

    public Map<String, String> getDigests() {
        return digests;
    }

    /** The digests the approver was shown ({@code [ 'models/pds': 'sha256:...' ]}); they must still match. */
    @DataBoundSetter
    public void setDigests(Map<String, String> digests) {
        this.digests = digests == null ? Map.of() : new LinkedHashMap<>(digests);
    }

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = trimToNull(message);
    }

    public String getPolicy() {
        return policy;
    }

    /** The policy file (workspace path); default: .secmlops/policy.yaml when the repository has one. */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = trimToNull(policy);
    }

    public boolean isVerify() {
        return verify;
    }

    /**
     * Instead of recording a decision: check that this build's latest approval by the role still matches the
     * artifacts' digests (e.g. right before deployment).
     */
    @DataBoundSetter
    public void setVerify(boolean verify) {
        this.verify = verify;
    }

    @Override
    public StepExecution start(StepContext context) {
        return verify ? new ApprovalVerification.Execution(context, role) : super.start(context);
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) throws AbortException {
        if (!"approved".equals(decision) && !"refused".equals(decision)) {
            throw new AbortException("secmlopsApproval: decision is '" + decision + "'. Fix: use 'approved' or 'refused'.");
        }
        return new ApprovalCallable(in, role, approver, "approved".equals(decision), artifacts, digests, message, policy);
    }

    @Extension
    @Symbol("secmlopsApproval")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("role");
        }

        @Override
        public String getFunctionName() {
            return "secmlopsApproval";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: record a release approval";
        }
    }
}
