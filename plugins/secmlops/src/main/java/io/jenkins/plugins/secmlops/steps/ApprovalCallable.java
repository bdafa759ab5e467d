package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.governance.approval.ApprovalRequest;
import io.secmlops.governance.approval.Approvals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code secmlopsApproval} on the agent, where the artifacts are: digests them and records the decision. */
final class ApprovalCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final String role;
    private final String approver;
    private final boolean approved;
    private final ArrayList<String> artifacts;
    private final LinkedHashMap<String, String> digests;
    private final String message;
    private final String policy;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ApprovalCallable(StepInput in, String role, String approver, boolean approved, List<String> artifacts,
                     Map<String, String> digests, String message, String policy) {
        super(in);
        this.role = role;
        this.approver = approver;
        this.approved = approved;
        this.artifacts = new ArrayList<>(artifacts);
        this.digests = new LinkedHashMap<>(digests);
        this.message = message;
        this.policy = policy;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        return new Approvals(progress).record(ApprovalRequest.builder(workspace, role, approver, approved)
                .artifacts(artifacts).expectedDigests(digests).message(message).policy(policy).environment(environment).build());
    }
}
