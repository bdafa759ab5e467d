package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.drift.DriftGate;
import io.secmlops.drift.DriftRequest;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code driftGate} on the agent: the step's parameters become a drift request there. */
final class DriftGateCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    static final String KIND = DriftGate.KIND;

    private final String name;
    private final String reference;
    private final String current;
    private final String profileOut;
    private final boolean profileMode;
    private final ArrayList<String> columns;
    private final LinkedHashMap<String, String> tests;
    private final double driftShare;
    private final String onDrift;
    private final String correction;
    private final String nonFinite;
    private final Images images;

    /** Image mode's inputs (all workspace paths; null when not given). */
    record Images(String images, String embeddings, String referenceEmbeddings, String detections, String referenceDetections,
                  int permutations) implements java.io.Serializable {
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    DriftGateCallable(StepInput in, String name, String reference, String current, String profileOut, boolean profileMode,
                      List<String> columns, Map<String, String> tests, double driftShare, String onDrift, String correction,
                      String nonFinite, Images images) {
        super(in);
        this.name = name;
        this.reference = reference;
        this.current = current;
        this.profileOut = profileOut;
        this.profileMode = profileMode;
        this.columns = new ArrayList<>(columns);
        this.tests = new LinkedHashMap<>(tests);
        this.driftShare = driftShare;
        this.onDrift = onDrift;
        this.correction = correction;
        this.nonFinite = nonFinite;
        this.images = images;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        DriftRequest.Builder request = DriftRequest.builder(workspace).name(name).reference(reference).current(current)
                .profileOut(profileOut).columns(columns).tests(tests).driftShare(driftShare).onDrift(onDrift)
                .correction(correction).nonFinite(nonFinite).environment(environment)
                .images(images.images()).embeddings(images.embeddings()).referenceEmbeddings(images.referenceEmbeddings())
                .detections(images.detections()).referenceDetections(images.referenceDetections()).permutations(images.permutations());
        DriftGate gate = new DriftGate(progress);
        return profileMode ? gate.profile(request.build()) : gate.run(request.build());
    }
}
