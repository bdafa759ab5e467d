package io.secmlops.governance.pii;

import io.secmlops.engine.evidence.RunEnvironment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The parameters of one {@code piiScan} run, as the user gave them; {@link PiiScan} resolves and checks them. */
public final class PiiScanRequest {
    final Path workspace;
    final List<String> paths;
    final String name;
    final boolean anonymised;
    final String onPii;
    final List<String> ignoreColumns;
    final String policy;
    final Path outputRoot;
    final RunEnvironment environment;

    private PiiScanRequest(Builder b) {
        workspace = b.workspace.toAbsolutePath().normalize();
        paths = b.paths == null ? List.of() : List.copyOf(b.paths);
        name = b.name;
        anonymised = b.anonymised;
        onPii = b.onPii;
        ignoreColumns = b.ignoreColumns == null ? List.of() : List.copyOf(b.ignoreColumns);
        policy = b.policy;
        outputRoot = b.outputRoot != null ? b.outputRoot : workspace.resolve(".secmlops/evidence");
        environment = b.environment != null ? b.environment : RunEnvironment.commandLine();
    }

    /** @param paths files or folders to scan, relative to the workspace */
    public static Builder builder(Path workspace, List<String> paths) {
        return new Builder(workspace, paths);
    }

    public static final class Builder {
        private final Path workspace;
        private final List<String> paths;
        private String name;
        private boolean anonymised;
        private String onPii;
        private List<String> ignoreColumns;
        private String policy;
        private Path outputRoot;
        private RunEnvironment environment;

        private Builder(Path workspace, List<String> paths) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.paths = paths;
        }

        /** The data set's name in evidence (default: the first path's file name). */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** The data is declared anonymised: personal data found in it violates the gate. */
        public Builder anonymised(boolean v) {
            anonymised = v;
            return this;
        }

        /** 'fail' or 'unstable' when PII is found in anonymised data; default: the policy's, else fail. */
        public Builder onPii(String v) {
            onPii = v;
            return this;
        }

        /** Column labels (CSV headers, JSON key paths) declared not personal; recorded in evidence. */
        public Builder ignoreColumns(List<String> v) {
            ignoreColumns = v;
            return this;
        }

        /** The policy file (workspace path); its digest and version go into the evidence. */
        public Builder policy(String v) {
            policy = v;
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

        public PiiScanRequest build() {
            return new PiiScanRequest(this);
        }
    }
}
