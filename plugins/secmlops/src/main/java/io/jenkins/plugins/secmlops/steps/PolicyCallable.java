package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.governance.policy.PolicyCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** {@code secmlopsPolicy} on the agent: the policy file is read from the workspace, the build's records come along. */
final class PolicyCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final String policy;
    private final boolean enforce;
    private final LinkedHashMap<String, byte[]> records;

    PolicyCallable(StepInput in, String policy, boolean enforce, Map<String, byte[]> records) {
        super(in);
        this.policy = policy;
        this.enforce = enforce;
        this.records = new LinkedHashMap<>(records);
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress)
            throws SecMlOpsException, IOException {
        Path outputRoot = workspace.resolve(".secmlops/evidence");
        if (!enforce) {
            return new PolicyCheck(progress).run(workspace, policy, null, outputRoot, environment);
        }
        Path copy = Files.createTempDirectory("secmlops-policy-");
        try {
            for (Map.Entry<String, byte[]> e : records.entrySet()) {
                // names come from the controller's store: plain sequenced folder names
                if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                    continue;
                }
                Path dir = Files.createDirectories(copy.resolve(e.getKey()));
                Files.write(dir.resolve(Evidence.RECORD_FILE), e.getValue());
            }
            return new PolicyCheck(progress).run(workspace, policy, copy, "this build's evidence", outputRoot, environment);
        } finally {
            try (Stream<Path> s = Files.walk(copy)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
