package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.governance.pii.PiiScan;
import io.secmlops.governance.pii.PiiScanRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code piiScan} on the agent: the data never leaves it, only counts come back. */
final class PiiScanCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String name;
    private final boolean anonymised;
    private final String onPii;
    private final ArrayList<String> ignoreColumns;
    private final String policy;

    PiiScanCallable(StepInput in, String path, String name, boolean anonymised, String onPii, List<String> ignoreColumns,
                    String policy) {
        super(in);
        this.path = path;
        this.name = name;
        this.anonymised = anonymised;
        this.onPii = onPii;
        this.ignoreColumns = new ArrayList<>(ignoreColumns);
        this.policy = policy;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        List<String> paths = path == null ? List.of() : Collections.singletonList(path);
        return new PiiScan(progress).run(PiiScanRequest.builder(workspace, paths).name(name).anonymised(anonymised)
                .onPii(onPii).ignoreColumns(ignoreColumns).policy(policy).environment(environment).build());
    }
}
