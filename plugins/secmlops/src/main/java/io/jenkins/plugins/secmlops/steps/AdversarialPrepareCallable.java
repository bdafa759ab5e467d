package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AdversarialRequest;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.evidence.RunEnvironment;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Before the detector agent runs, on the agent: every parameter is checked (ε, shard, thresholds, paths inside the
 * workspace), the previous attack.json is removed ({@link AdversarialTest#prepare}), and the agent's arguments come
 * back, so a bad parameter stops the step before any GPU process starts.
 */
final class AdversarialPrepareCallable extends AgentCallable<AdversarialPrepareCallable.Prepared> {
    private static final long serialVersionUID = 1L;

    private final AdversarialTestCallable.Parameters parameters;

    AdversarialPrepareCallable(StepInput in, AdversarialTestCallable.Parameters parameters) {
        super(in);
        this.parameters = parameters;
    }

    @Override
    protected Prepared call(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        AdversarialRequest request = AdversarialTestCallable.request(parameters, workspace, environment);
        new AdversarialTest(progress).prepare(request);
        return new Prepared(null, request.evidenceName(), request.agentArguments());
    }

    @Override
    protected Prepared refused(String message) {
        return new Prepared(message, null, List.of());
    }

    /** The detector agent's arguments and the evidence name, or the engine's one-line refusal. JDK types only. */
    static final class Prepared implements Serializable {
        private static final long serialVersionUID = 1L;

        final String refusal;
        final String evidenceName;
        final ArrayList<String> arguments;

        Prepared(String refusal, String evidenceName, List<String> arguments) {
            this.refusal = refusal;
            this.evidenceName = evidenceName;
            this.arguments = new ArrayList<>(arguments);
        }
    }
}
