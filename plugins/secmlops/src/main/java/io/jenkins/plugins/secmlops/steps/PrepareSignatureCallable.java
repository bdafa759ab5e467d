package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.signing.PreparedModel;
import io.jenkins.plugins.secmlops.signing.SigningForms;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.io.Workspace;
import io.secmlops.signing.ModelSigning;
import io.secmlops.signing.SerializationMethod;
import io.secmlops.signing.SignRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code modelSign}, first call on the agent: lists the model, scans it for code that loading would run (critical
 * findings refuse signing unless {@code overrideScan} gives a reason), hashes it (every byte, no cache) and returns
 * the statement to sign as a {@link PreparedModel}. No key is involved here.
 */
final class PrepareSignatureCallable extends AgentCallable<PreparedModel> {
    private static final long serialVersionUID = 1L;

    /** Where the engine keeps its evidence in the workspace (as {@code dataProvenance} does); never part of a model. */
    static final String OUTPUT_ROOT = ".secmlops/evidence";

    private final String path;
    private final String signature;
    private final ArrayList<String> ignorePaths;
    private final String method;
    private final long shardSize;
    private final boolean allowSymlinks;
    private final String overrideScan;

    /** @param overrideScan the reason to sign despite critical artifact-scan findings, or null (refuse them) */
    @SuppressWarnings("checkstyle:ParameterNumber")
    PrepareSignatureCallable(StepInput in, String path, String signature, List<String> ignorePaths, String method,
                             long shardSize, boolean allowSymlinks, String overrideScan) {
        super(in);
        this.path = path;
        this.signature = signature;
        this.ignorePaths = new ArrayList<>(ignorePaths);
        this.method = method;
        this.shardSize = shardSize;
        this.allowSymlinks = allowSymlinks;
        this.overrideScan = overrideScan;
    }

    @Override
    protected PreparedModel call(Path workspace, RunEnvironment environment, ProgressListener progress)
            throws SecMlOpsException {
        if (path == null) {
            throw new SecMlOpsException("Parameter path is empty.", "give the model folder, e.g. path: 'models/pds'.");
        }
        SignRequest request = SignRequest.of(path)
                .withSignature(signature)
                .withIgnorePaths(ignorePaths)
                .withMethod(SerializationMethod.parse(method, "method"))
                .withShardSize(shardSize)
                .withAllowSymlinks(allowSymlinks);
        if (overrideScan != null) {
            request = request.withOverrideScan(overrideScan);
        }
        return SigningForms.of(ModelSigning.prepare(new Workspace(workspace), request, workspace.resolve(OUTPUT_ROOT),
                progress));
    }

    @Override
    protected PreparedModel refused(String message) {
        return PreparedModel.refused(message);
    }
}
