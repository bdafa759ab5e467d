package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AdversarialRequest;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code adversarialTest} on the agent, after the detector agent exited: the step's parameters become the engine's
 * request again, which reads attack.json, gates it and writes the evidence. Fields are JDK types only.
 */
final class AdversarialTestCallable extends EngineCallable {
    private static final long serialVersionUID = 1L;

    private final Parameters parameters;
    private final int exitCode;

    AdversarialTestCallable(StepInput in, AdversarialTestStep step, int exitCode) {
        super(in);
        this.parameters = new Parameters(step);
        this.exitCode = exitCode;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        AdversarialRequest request = parameters.request(workspace).environment(environment).build();
        return new AdversarialTest(progress).record(request, exitCode);
    }

    /** The step's parameters as they cross the channel (the step itself stays on the controller). */
    static final class Parameters implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final String model;
        private final String data;
        private final String labels;
        private final ArrayList<String> attacks;
        private final ArrayList<Double> epsilons;
        private final ArrayList<String> defences;
        private final String objective;
        private final Integer steps;
        private final Long seed;
        private final Integer threads;
        private final String shard;
        private final Double minRobustAP50;
        private final Double maxDrop;
        private final String onFailure;

        Parameters(AdversarialTestStep s) {
            name = s.getName();
            model = s.getModel();
            data = s.getData();
            labels = s.getLabels();
            attacks = new ArrayList<>(s.getAttacks());
            epsilons = new ArrayList<>(s.getEpsilons());
            defences = new ArrayList<>(s.getDefences());
            objective = s.getObjective();
            steps = s.getSteps();
            seed = s.getSeed();
            threads = s.getThreads();
            shard = s.getShard();
            minRobustAP50 = s.getMinRobustAP50();
            maxDrop = s.getMaxDrop();
            onFailure = s.getOnFailure();
        }

        AdversarialRequest.Builder request(Path workspace) {
            return AdversarialRequest.builder(workspace).name(name).model(model).data(data).labels(labels).attacks(List.copyOf(attacks))
                    .epsilons(epsilons).defences(defences).objective(objective).steps(steps).seed(seed).threads(threads).shard(shard)
                    .minRobustAP50(minRobustAP50).maxDrop(maxDrop).onFailure(onFailure);
        }
    }
}
