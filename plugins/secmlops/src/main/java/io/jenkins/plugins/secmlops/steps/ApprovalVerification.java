package io.jenkins.plugins.secmlops.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.approval.Approvals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * {@code secmlopsApproval role: 'security-reviewer', verify: true}: before deployment, checks that the artifacts of
 * this build's latest approval by that role still have the digests that were approved. Records nothing; a mismatch,
 * a refusal or a missing approval stops the step with one line naming it.
 */
final class ApprovalVerification {
    private ApprovalVerification() {
    }

    static void run(StepContext context, String role) throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        FilePath workspace = context.get(FilePath.class);
        TaskListener listener = context.get(TaskListener.class);
        if (run == null || workspace == null || listener == null) {
            throw new AbortException("secmlopsApproval verify needs a workspace; run it inside a node { } block.");
        }
        Optional<byte[]> record = EvidenceStore.of(run).latest(Approvals.KIND, role, Evidence.RECORD_FILE);
        if (record.isEmpty()) {
            throw new AbortException("secmlopsApproval: no approval by role '" + role + "' was recorded in this build. "
                    + "Fix: record the decision first (secmlopsApproval role: '" + role + "', approver: ..., artifacts: [...]).");
        }
        Map<String, String> env = context.get(EnvVars.class);
        Map<String, String> build = new LinkedHashMap<>();
        if (env != null && env.get("BUILD_NUMBER") != null) {
            build.put(AgentCallable.BUILD_NUMBER, env.get("BUILD_NUMBER"));
        }
        String problem = workspace.act(new Check(new StepInput(run, listener, build), record.get()));
        if (!problem.isEmpty()) {
            throw new AbortException(problem);
        }
        listener.getLogger().println("SecMLOps: the approval by role '" + role + "' still matches its artifacts.");
    }

    /** On the agent: the approval record's subjects digested again in the workspace. Empty when they match. */
    static final class Check extends AgentCallable<String> {
        private static final long serialVersionUID = 1L;

        private final byte[] record;

        Check(StepInput in, byte[] record) {
            super(in);
            this.record = record.clone();
        }

        @Override
        protected String call(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
            EvidenceRecord approval = Evidence.read(record, "approval record");
            if (!"approved".equals(approval.results().get("decision"))) {
                throw new SecMlOpsException("The latest decision of role '" + approval.name() + "' in this build is '"
                        + approval.results().get("decision") + "', not an approval.", "do not deploy; request a new approval.");
            }
            Approvals.verify(new Workspace(workspace), approval);
            return "";
        }

        @Override
        protected String refused(String message) {
            return "secmlopsApproval: " + message;
        }
    }

    /** The Pipeline execution of verify mode. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {
        private static final long serialVersionUID = 1L;

        private final String role;

        Execution(StepContext context, String role) {
            super(context);
            this.role = role;
        }

        @Override
        protected Void run() throws Exception {
            ApprovalVerification.run(getContext(), role);
            return null;
        }
    }
}
