package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.audit.data.DataAudit;
import io.secmlops.audit.data.DataAuditRequest;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/** {@code dataAudit} on the agent: the step's parameters become an audit request there. */
final class DataAuditCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final LinkedHashMap<String, String> splits;
    private final LinkedHashMap<String, String> annotations;
    private final String labels;
    private final int hamming;
    private final String embeddings;
    private final String embeddingsSplit;
    private final double epsilon;
    private final String baseline;
    private final double maxClassShift;
    private final int maxLeakage;
    private final String onLeakage;
    private final String onLabelConflict;
    private final String onBoxErrors;
    private final String onClassShift;

    /** Copies the step's parameters (the step itself stays on the controller). */
    DataAuditCallable(StepInput in, DataAuditStep s) {
        super(in);
        name = s.getName();
        splits = new LinkedHashMap<>(s.getSplits());
        annotations = new LinkedHashMap<>(s.getAnnotations());
        labels = s.getLabels();
        hamming = s.getHamming();
        embeddings = s.getEmbeddings();
        embeddingsSplit = s.getEmbeddingsSplit();
        epsilon = s.getEpsilon();
        baseline = s.getBaseline();
        maxClassShift = s.getMaxClassShift();
        maxLeakage = s.getMaxLeakage();
        onLeakage = s.getOnLeakage();
        onLabelConflict = s.getOnLabelConflict();
        onBoxErrors = s.getOnBoxErrors();
        onClassShift = s.getOnClassShift();
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        DataAuditRequest.Builder b = DataAuditRequest.builder(workspace, name).splits(splits).labels(labels).hamming(hamming)
                .embeddings(embeddings).embeddingsSplit(embeddingsSplit).epsilon(epsilon).baseline(baseline)
                .maxClassShift(maxClassShift).maxLeakage(maxLeakage).onLeakage(onLeakage).onLabelConflict(onLabelConflict)
                .onBoxErrors(onBoxErrors).onClassShift(onClassShift).environment(environment);
        annotations.forEach(b::annotations);
        return new DataAudit(progress).run(b.build());
    }
}
