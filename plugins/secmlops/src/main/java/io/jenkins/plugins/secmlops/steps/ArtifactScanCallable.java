package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.audit.artifacts.ArtifactScan;
import io.secmlops.audit.artifacts.ArtifactScanRequest;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code artifactScan} on the agent: the step's parameters become a scan request there. */
final class ArtifactScanCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String name;
    private final String failOn;
    private final String unstableOn;
    private final ArrayList<String> allowGlobals;
    private final ArrayList<String> ignore;
    private final boolean allowSymlinks;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ArtifactScanCallable(StepInput in, String path, String name, String failOn, String unstableOn, List<String> allowGlobals,
                         List<String> ignore, boolean allowSymlinks) {
        super(in);
        this.path = path;
        this.name = name;
        this.failOn = failOn;
        this.unstableOn = unstableOn;
        this.allowGlobals = new ArrayList<>(allowGlobals);
        this.ignore = new ArrayList<>(ignore);
        this.allowSymlinks = allowSymlinks;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        if (path == null) {
            throw new SecMlOpsException("Parameter path is empty.", "give the model file or folder, e.g. path: 'models/pds'.");
        }
        return new ArtifactScan(progress).run(ArtifactScanRequest.builder(workspace, path, name).failOn(failOn)
                .unstableOn(unstableOn).allowGlobals(allowGlobals).ignore(ignore).allowSymlinks(allowSymlinks)
                .environment(environment).build());
    }
}
