package io.jenkins.plugins.secmlops.execution;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.evidence.GovernanceRecords;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What every SecMLOps step does around its engine call, on the controller:
 * <ol>
 * <li>the build's coordinates from its environment (JOB_NAME, BUILD_NUMBER, BUILD_URL, NODE_NAME);</li>
 * <li>the step's {@link EngineCallable} runs on the workspace's agent, printing progress to the build log;</li>
 * <li>its evidence files are stored beside the build ({@link EvidenceStore});</li>
 * <li>the build gets its {@link SecMlOpsBuildAction};</li>
 * <li>the gate: PASS goes on; UNSTABLE marks the build and the step's node and goes on; FAIL stops the step.</li>
 * </ol>
 * An input the engine refuses stops the step with the engine's one-line message and stores nothing.
 */
public final class StepRunner {
    /** What a step needs from the Pipeline; its descriptor returns this from {@code getRequiredContext()}. */
    public static final Set<Class<?>> REQUIRED_CONTEXT =
            Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class, FlowNode.class);

    private StepRunner() {
    }

    /**
     * Builds a step's callable on the controller, e.g. after looking up the previous build's evidence, or after an
     * earlier call on {@link StepInput#workspace()} (modelSign hashes on the agent and signs here before returning the
     * callable that writes the signature).
     */
    @FunctionalInterface
    public interface CallableFactory {
        FilePath.FileCallable<StepOutcome> create(StepInput in) throws IOException, InterruptedException;
    }

    public static void run(StepContext context, CallableFactory factory) throws IOException, InterruptedException {
        Run<?, ?> run = required(context, Run.class);
        FilePath workspace = required(context, FilePath.class);
        TaskListener listener = required(context, TaskListener.class);
        Map<String, String> env = context.get(EnvVars.class);
        FlowNode node = context.get(FlowNode.class);
        PrintStream log = listener.getLogger();

        StepOutcome outcome = workspace.act(factory.create(new StepInput(run, listener, coordinates(env), workspace)));
        if (outcome.isRefused()) {
            throw new AbortException(outcome.refusal());
        }
        Path stored = EvidenceStore.of(run).store(outcome.folder(), outcome.files());
        if (outcome.summary() != null && !outcome.summary().isBlank()) {
            log.println(outcome.summary());
        }
        log.println("SecMLOps: " + outcome.kind() + " evidence stored with the build in " + EvidenceStore.FOLDER + "/"
                + stored.getFileName());
        SecMlOpsBuildAction.attach(run);
        GovernanceRecords.update(run, log);
        gate(outcome, run, node, log);
    }

    /** The gate for a step that stores its evidence itself (complianceReport): PASS logs, UNSTABLE marks, FAIL stops. */
    public static void gate(StepOutcome o, Run<?, ?> run, FlowNode node, PrintStream log) throws AbortException {
        String verdict = o.verdict();
        if ("PASS".equals(verdict)) {
            log.println("SecMLOps: " + o.kind() + " '" + o.name() + "' passed.");
        } else if ("UNSTABLE".equals(verdict)) {
            String message = message(o);
            log.println("WARNING: " + message);
            run.setResult(Result.UNSTABLE);
            if (node != null) {
                node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
            }
        } else {
            throw new AbortException(message(o));
        }
    }

    /** One line naming the step, what it checked and every violated threshold. */
    static String message(StepOutcome o) {
        String reasons = o.reasons().isEmpty() ? "no reason given" : String.join("; ", o.reasons());
        return o.kind() + " '" + o.name() + "' " + o.verdict() + ": " + reasons;
    }

    public static Map<String, String> coordinates(Map<String, String> env) {
        Map<String, String> build = new LinkedHashMap<>();
        if (env != null) {
            putIfSet(build, AgentCallable.JOB, env.get("JOB_NAME"));
            putIfSet(build, AgentCallable.BUILD_NUMBER, env.get("BUILD_NUMBER"));
            putIfSet(build, AgentCallable.BUILD_URL, env.get("BUILD_URL"));
            putIfSet(build, AgentCallable.NODE, env.get("NODE_NAME"));
        }
        return build;
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }

    public static <T> T required(StepContext context, Class<T> type) throws IOException, InterruptedException {
        T value = context.get(type);
        if (value == null) {
            throw new AbortException("SecMLOps steps need a " + type.getSimpleName()
                    + " in context; run the step inside a node { } block.");
        }
        return value;
    }
}
