package io.jenkins.plugins.secmlops.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import hudson.model.TaskListener;
import io.jenkins.plugins.secmlops.execution.SecMlOpsStepExecution;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.tools.DetectorAgentTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code adversarialTest model: 'models/pds', data: 'data/pds-val', epsilons: [1, 2, 4, 8], minRobustAP50: 0.3}: runs
 * the detector agent's {@code attack} on the current node (a {@code gpu} agent) through {@link DetectorAgentTool}, its
 * progress going to the build log, then gates its attack.json on the agent and records the evidence. With
 * {@code shard: 'i/n'} parallel branches share the images; the report merges their evidence. Thin by design: the
 * engine checks every parameter on the agent before the detector agent starts, and does the rest there.
 */
public final class AdversarialTestStep extends SecMlOpsStep {
    private final String model;
    private final String data;
    static final String DEFAULT_NAME = "adversarial";

    private String name = DEFAULT_NAME;
    private String labels;
    private List<String> attacks = List.of();
    private List<Double> epsilons = List.of();
    private List<String> defences = List.of();
    private String objective;
    private Integer steps;
    private Integer maxImages;
    private Long seed;
    private Integer threads;
    private String shard;
    private Double minRobustAP50;
    private Double maxDrop;
    private String onFailure = "fail";
    private String detectorAgent;

    @DataBoundConstructor
    public AdversarialTestStep(String model, String data) {
        this.model = trimToNull(model);
        this.data = trimToNull(data);
    }

    public String getModel() {
        return model;
    }

    public String getData() {
        return data;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = trimToNull(name) == null ? DEFAULT_NAME : name.trim();
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = trimToNull(labels);
    }

    public List<String> getAttacks() {
        return attacks;
    }

    /** Pipeline script only: {@code attacks: ['fgsm', 'pgd-linf']}. */
    @DataBoundSetter
    public void setAttacks(List<String> attacks) {
        this.attacks = clean(attacks);
    }

    public List<Double> getEpsilons() {
        return epsilons;
    }

    /**
     * Pipeline script only: {@code epsilons: [1, 2, 4, 8]} in 1/255 units. Groovy may hand over Integers or Strings
     * whatever the declared type, so each entry is converted here; one that is no number becomes NaN, which the engine
     * refuses naming the parameter.
     */
    @DataBoundSetter
    public void setEpsilons(List<Double> epsilons) {
        List<Double> out = new ArrayList<>();
        if (epsilons != null) {
            for (Object e : (List<?>) epsilons) {
                out.add(toDouble(e));
            }
        }
        this.epsilons = List.copyOf(out);
    }

    private static Double toDouble(Object e) {
        if (e instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return e == null ? Double.NaN : Double.parseDouble(e.toString().trim());
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    public List<String> getDefences() {
        return defences;
    }

    /** Pipeline script only: {@code defences: ['jpeg', 'median']}, or {@code ['none']}. */
    @DataBoundSetter
    public void setDefences(List<String> defences) {
        this.defences = clean(defences);
    }

    public String getObjective() {
        return objective;
    }

    @DataBoundSetter
    public void setObjective(String objective) {
        this.objective = trimToNull(objective);
    }

    public Integer getSteps() {
        return steps;
    }

    @DataBoundSetter
    public void setSteps(Integer steps) {
        this.steps = steps;
    }

    public Integer getMaxImages() {
        return maxImages;
    }

    @DataBoundSetter
    public void setMaxImages(Integer maxImages) {
        this.maxImages = maxImages;
    }

    public Long getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public Integer getThreads() {
        return threads;
    }

    @DataBoundSetter
    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    public String getShard() {
        return shard;
    }

    /** {@code 'i/n'}: the i-th of n contiguous blocks of the images, for parallel branches. */
    @DataBoundSetter
    public void setShard(String shard) {
        this.shard = trimToNull(shard);
    }

    public Double getMinRobustAP50() {
        return minRobustAP50;
    }

    @DataBoundSetter
    public void setMinRobustAP50(Double minRobustAP50) {
        this.minRobustAP50 = minRobustAP50;
    }

    public Double getMaxDrop() {
        return maxDrop;
    }

    @DataBoundSetter
    public void setMaxDrop(Double maxDrop) {
        this.maxDrop = maxDrop;
    }

    public String getOnFailure() {
        return onFailure;
    }

    @DataBoundSetter
    public void setOnFailure(String onFailure) {
        this.onFailure = trimToNull(onFailure) == null ? "fail" : onFailure.trim();
    }

    public String getDetectorAgent() {
        return detectorAgent;
    }

    /** The detector agent installation (Manage Jenkins &gt; Tools); blank picks the only one. */
    @DataBoundSetter
    public void setDetectorAgent(String detectorAgent) {
        this.detectorAgent = trimToNull(detectorAgent);
    }

    /** The base class's entry point is not enough here: the agent needs the node's launcher, see {@link #start}. */
    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException {
        throw new IllegalStateException("adversarialTest runs through its own execution, which has the node and launcher");
    }

    /**
     * On the controller, in order: find {@code bin/detector-agent} on the step's node; on the agent, check every
     * parameter and clear the previous result; run {@code detector-agent attack} in the workspace (its output goes to
     * the build log); and hand back the engine call that reads, gates and records its result on the agent.
     */
    FilePath.FileCallable<StepOutcome> callable(StepInput in, Node node, Launcher launcher, EnvVars env)
            throws IOException, InterruptedException {
        TaskListener listener = in.listener();
        String executable = DetectorAgentTool.executable(detectorAgent, node, env, listener);
        AdversarialTestCallable.Parameters parameters = new AdversarialTestCallable.Parameters(this);
        AdversarialPrepareCallable.Prepared prepared = in.workspace().act(new AdversarialPrepareCallable(in, parameters));
        if (prepared.refusal != null) {
            throw new AbortException("adversarialTest: " + prepared.refusal);
        }
        listener.getLogger().println("SecMLOps: adversarialTest '" + prepared.evidenceName + "' runs the detector agent on "
                + node.getDisplayName() + ": " + String.join(" ", DetectorAgentTool.command(executable, prepared.arguments)));
        int exit = DetectorAgentTool.run(launcher, in.workspace(), env, listener, executable, prepared.arguments);
        return new AdversarialTestCallable(in, parameters, exit);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Like every SecMLOps step's execution, with the node, launcher and environment the detector agent needs. */
    static final class Execution extends SecMlOpsStepExecution {
        private static final long serialVersionUID = 1L;

        private final transient AdversarialTestStep step;

        Execution(StepContext context, AdversarialTestStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException, InterruptedException {
            StepContext c = getContext();
            return step.callable(in, c.get(Node.class), c.get(Launcher.class), c.get(EnvVars.class));
        }
    }

    @Extension
    @Symbol("adversarialTest")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("name");
        }

        @Override
        public String getFunctionName() {
            return "adversarialTest";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: adversarial robustness test";
        }

        /** The detector agent runs as a process on the step's node: it needs that node and its launcher too. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            Set<Class<?>> context = new HashSet<>(StepRunner.REQUIRED_CONTEXT);
            context.add(Launcher.class);
            context.add(Node.class);
            return Set.copyOf(context);
        }
    }
}
