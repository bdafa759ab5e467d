package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.EngineCallable;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AdversarialRequest;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import java.io.Serializable;
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

    AdversarialTestCallable(StepInput in, Parameters parameters, int exitCode) {
        super(in);
        this.parameters = parameters;
        this.exitCode = exitCode;
    }

    @Override
    protected StepResult run(Path workspace, RunEnvironment environment, ProgressListener progress) throws SecMlOpsException {
        return new AdversarialTest(progress).record(request(parameters, workspace, environment), exitCode);
    }

    /** The engine's request from the step's parameters; checks every parameter. Called on the agent only. */
    static AdversarialRequest request(Parameters p, Path workspace, RunEnvironment environment) throws SecMlOpsException {
        return AdversarialRequest.builder(workspace).name(p.name).model(p.model).data(p.data).labels(p.labels).attacks(p.attacks())
                .epsilons(p.epsilons).defences(p.defences).objective(p.objective).steps(p.steps).maxImages(p.maxImages).seed(p.seed).threads(p.threads)
                .shard(p.shard).minRobustAP50(p.minRobustAP50).maxDrop(p.maxDrop).onFailure(p.onFailure).environment(environment)
                .build();
    }

    /** The step's parameters as they cross the channel (the step itself stays on the controller); JDK types only. */
    static final class Parameters implements Serializable {
        private static final long serialVersionUID = 1L;

        final String name;
        final String model;
        final String data;
        final String labels;
        final ArrayList<String> attacks;
        final ArrayList<Double> epsilons;
        final ArrayList<String> defences;
        final String objective;
        final Integer steps;
        final Integer maxImages;
        final Long seed;
        final Integer threads;
        final String shard;
        final Double minRobustAP50;
        final Double maxDrop;
        final String onFailure;

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
            maxImages = s.getMaxImages();
            seed = s.getSeed();
            threads = s.getThreads();
            shard = s.getShard();
            minRobustAP50 = s.getMinRobustAP50();
            maxDrop = s.getMaxDrop();
            onFailure = s.getOnFailure();
        }

        List<String> attacks() {
            return List.copyOf(attacks);
        }
    }
}
