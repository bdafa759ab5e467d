package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.evidence.RunEnvironment;
import java.nio.file.Path;

/**
 * Before the detector agent runs, on the agent: the paths are checked to stay inside the workspace and the previous
 * attack.json is removed ({@link AdversarialTest#prepare}). Returns "" when ready, else the engine's one-line refusal.
 */
final class AdversarialPrepareCallable extends AgentCallable<String> {
    private static final long serialVersionUID = 1L;

    private final AdversarialTestCallable.Parameters parameters;

    AdversarialPrepareCallable(StepInput in, AdversarialTestStep step) {
        super(in);
        this.parameters = new AdversarialTestCallable.Parameters(step);
    }

    @Override
    protected String call(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        new AdversarialTest(progress).prepare(parameters.request(workspace).environment(environment).build());
        return "";
    }

    @Override
    protected String refused(String message) {
        return message;
    }
}
