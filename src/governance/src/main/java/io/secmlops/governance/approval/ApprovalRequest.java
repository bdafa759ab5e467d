package io.secmlops.governance.approval;

import io.secmlops.engine.evidence.RunEnvironment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One approval decision to record: who, in which role, what they approved (by digest), and the decision. */
public final class ApprovalRequest {
    final Path workspace;
    final String role;
    final String approver;
    final boolean approved;
    final List<String> artifacts;
    final Map<String, String> expectedDigests;
    final String message;
    final String policy;
    final Instant decidedAt;
    final Path outputRoot;
    final RunEnvironment environment;

    private ApprovalRequest(Builder b) {
        workspace = b.workspace.toAbsolutePath().normalize();
        role = b.role;
        approver = b.approver;
        approved = b.approved;
        artifacts = b.artifacts == null ? List.of() : List.copyOf(b.artifacts);
        expectedDigests = b.expectedDigests == null ? Map.of() : Map.copyOf(b.expectedDigests);
        message = b.message;
        policy = b.policy;
        decidedAt = b.decidedAt != null ? b.decidedAt : Instant.now();
        outputRoot = b.outputRoot != null ? b.outputRoot : workspace.resolve(".secmlops/evidence");
        environment = b.environment != null ? b.environment : RunEnvironment.commandLine();
    }

    /**
     * @param role     the role the approver acts in ({@code security-reviewer})
     * @param approver the approver's identity (the Jenkins user id that submitted the input)
     * @param approved true for an approval, false for a refusal
     */
    public static Builder builder(Path workspace, String role, String approver, boolean approved) {
        return new Builder(workspace, role, approver, approved);
    }

    public static final class Builder {
        private final Path workspace;
        private final String role;
        private final String approver;
        private final boolean approved;
        private List<String> artifacts;
        private Map<String, String> expectedDigests;
        private String message;
        private String policy;
        private Instant decidedAt;
        private Path outputRoot;
        private RunEnvironment environment;

        private Builder(Path workspace, String role, String approver, boolean approved) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.role = role;
            this.approver = approver;
            this.approved = approved;
        }

        /** The files or folders approved (workspace paths); their digests go into the record. */
        public Builder artifacts(List<String> v) {
            artifacts = v;
            return this;
        }

        /** Digests the approver was shown (path to sha256): the artifacts must still have them. */
        public Builder expectedDigests(Map<String, String> v) {
            expectedDigests = v;
            return this;
        }

        /** The approver's comment. */
        public Builder message(String v) {
            message = v;
            return this;
        }

        /** The policy file (workspace path): the role must be defined there and the approver must hold it. */
        public Builder policy(String v) {
            policy = v;
            return this;
        }

        public Builder decidedAt(Instant v) {
            decidedAt = v;
            return this;
        }

        public Builder outputRoot(Path v) {
            outputRoot = v;
            return this;
        }

        public Builder environment(RunEnvironment v) {
            environment = v;
            return this;
        }

        public ApprovalRequest build() {
            return new ApprovalRequest(this);
        }
    }
}
