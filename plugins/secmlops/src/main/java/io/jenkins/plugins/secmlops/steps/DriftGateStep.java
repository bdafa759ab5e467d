package io.jenkins.plugins.secmlops.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import io.jenkins.plugins.secmlops.execution.SecMlOpsStepExecution;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.tools.DetectorAgentTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code driftGate reference: 'baseline/profile.json', current: 'data/incoming'}: tests each column of the current data
 * against the reference and gates on the share of drifted columns. {@code mode: 'profile'} writes a reference profile
 * of the reference data instead, so later builds need not keep the whole reference set. Thin by design.
 *
 * <p>Image mode ({@code images: 'data/incoming'}): the reference is a folder of images or an image profile. With
 * {@code model}, images whose embeddings are not given are embedded on the step's node by the detector agent
 * ({@link DetectorAgentTool}, its own process) before the engine runs.
 */
public final class DriftGateStep extends SecMlOpsStep {
    private final String reference;
    private String current;
    private String name = "drift";
    private String mode = "check";
    private String profileOut;
    private List<String> columns = List.of();
    private Map<String, String> tests = Map.of();
    private double driftShare = 0.5;
    private String onDrift = "fail";
    private String correction = "none";
    private String nonFinite = "drop";
    private String images;
    private String embeddings;
    private String referenceEmbeddings;
    private String detections;
    private String referenceDetections;
    private String model;
    private String detectorAgent;
    private int permutations = 100;

    @DataBoundConstructor
    public DriftGateStep(String reference) {
        this.reference = trimToNull(reference);
    }

    public String getReference() {
        return reference;
    }

    public String getCurrent() {
        return current;
    }

    /** The current data: a CSV or JSON Lines file, or a folder of them (workspace path). Not used in mode 'profile'. */
    @DataBoundSetter
    public void setCurrent(String current) {
        this.current = trimToNull(current);
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = trimToNull(name) == null ? "drift" : name.trim();
    }

    public String getMode() {
        return mode;
    }

    /** 'check' (default) tests current against reference; 'profile' writes a reference profile of the reference data. */
    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = trimToNull(mode) == null ? "check" : mode.trim().toLowerCase(Locale.ROOT);
    }

    public String getProfileOut() {
        return profileOut;
    }

    @DataBoundSetter
    public void setProfileOut(String profileOut) {
        this.profileOut = trimToNull(profileOut);
    }

    public List<String> getColumns() {
        return columns;
    }

    /** Columns to test; all by default. Pipeline script only ({@code columns: ['brightness', 'persons']}). */
    @DataBoundSetter
    public void setColumns(List<String> columns) {
        List<String> cs = new ArrayList<>();
        if (columns != null) {
            for (String c : columns) {
                if (c != null && !c.isBlank()) {
                    cs.add(c.trim());
                }
            }
        }
        this.columns = List.copyOf(cs);
    }

    public Map<String, String> getTests() {
        return tests;
    }

    /** Per-column test overrides, e.g. {@code tests: [persons: 'chisquare']}. Pipeline script only. */
    @DataBoundSetter
    public void setTests(Map<String, String> tests) {
        this.tests = tests == null ? Map.of() : new LinkedHashMap<>(tests);
    }

    public double getDriftShare() {
        return driftShare;
    }

    @DataBoundSetter
    public void setDriftShare(double driftShare) {
        this.driftShare = driftShare;
    }

    public String getOnDrift() {
        return onDrift;
    }

    @DataBoundSetter
    public void setOnDrift(String onDrift) {
        this.onDrift = trimToNull(onDrift) == null ? "fail" : onDrift.trim();
    }

    public String getCorrection() {
        return correction;
    }

    @DataBoundSetter
    public void setCorrection(String correction) {
        this.correction = trimToNull(correction) == null ? "none" : correction.trim();
    }

    public String getNonFinite() {
        return nonFinite;
    }

    @DataBoundSetter
    public void setNonFinite(String nonFinite) {
        this.nonFinite = trimToNull(nonFinite) == null ? "drop" : nonFinite.trim();
    }

    public String getImages() {
        return images;
    }

    /** Image mode: the folder of current images (workspace path); the reference is then a folder of images or an image profile. */
    @DataBoundSetter
    public void setImages(String images) {
        this.images = trimToNull(images);
    }

    public String getEmbeddings() {
        return embeddings;
    }

    /** Image mode: precomputed {@code detector-agent embed} result of the current images. */
    @DataBoundSetter
    public void setEmbeddings(String embeddings) {
        this.embeddings = trimToNull(embeddings);
    }

    public String getReferenceEmbeddings() {
        return referenceEmbeddings;
    }

    @DataBoundSetter
    public void setReferenceEmbeddings(String referenceEmbeddings) {
        this.referenceEmbeddings = trimToNull(referenceEmbeddings);
    }

    public String getDetections() {
        return detections;
    }

    /** Image mode: {@code detector-agent detect} result of the current images (persons per image, person scores). */
    @DataBoundSetter
    public void setDetections(String detections) {
        this.detections = trimToNull(detections);
    }

    public String getReferenceDetections() {
        return referenceDetections;
    }

    @DataBoundSetter
    public void setReferenceDetections(String referenceDetections) {
        this.referenceDetections = trimToNull(referenceDetections);
    }

    public String getModel() {
        return model;
    }

    /** Image mode: the detector model (workspace path) with which the node embeds images whose embeddings are not given. */
    @DataBoundSetter
    public void setModel(String model) {
        this.model = trimToNull(model);
    }

    public String getDetectorAgent() {
        return detectorAgent;
    }

    /** The detector agent installation to run (Manage Jenkins &gt; Tools); blank picks the only one. */
    @DataBoundSetter
    public void setDetectorAgent(String detectorAgent) {
        this.detectorAgent = trimToNull(detectorAgent);
    }

    public int getPermutations() {
        return permutations;
    }

    @DataBoundSetter
    public void setPermutations(int permutations) {
        this.permutations = permutations;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException, InterruptedException {
        return callable(in, null);
    }

    /** With the Pipeline context, for running the detector agent on the step's node first. */
    FilePath.FileCallable<StepOutcome> callable(StepInput in, StepContext context) throws IOException, InterruptedException {
        boolean profile = "profile".equals(mode);
        if (!profile && !"check".equals(mode)) {
            throw new AbortException("driftGate: mode is '" + mode + "'. Fix: use 'check' or 'profile'.");
        }
        String curEmb = embeddings;
        String refEmb = referenceEmbeddings;
        if (model != null) {
            String tag = name.replaceAll("[^A-Za-z0-9._-]", "_");
            if (!profile && images != null && curEmb == null) {
                curEmb = embed(in, context, images, ".secmlops/drift-embed/" + tag + "-current.json");
            }
            // In image mode (or when profiling with a model), a reference that is not a profile (*.json) is the folder
            // of reference images.
            boolean refIsFolder = reference != null && !reference.toLowerCase(Locale.ROOT).endsWith(".json");
            if (refIsFolder && refEmb == null && (profile || images != null)) {
                refEmb = embed(in, context, reference, ".secmlops/drift-embed/" + tag + "-reference.json");
            }
        }
        return new DriftGateCallable(in, name, reference, current, profileOut, profile, columns, tests, driftShare, onDrift,
                correction, nonFinite, new DriftGateCallable.Images(images, curEmb, refEmb, detections, referenceDetections, permutations));
    }

    /** The detector agent's command line for embedding {@code folder} into {@code out} (workspace paths). */
    static List<String> embedArguments(String model, String folder, String out) {
        return List.of("embed", "--model", model, "--input", folder, "--out", out);
    }

    /** Runs {@code detector-agent embed} on the workspace's node; returns {@code out} or stops naming the problem. */
    private String embed(StepInput in, StepContext context, String folder, String out) throws IOException, InterruptedException {
        if (context == null || in.workspace() == null) {
            throw new AbortException("driftGate: model is set, so images must be embedded on the node, but no node context is available. "
                    + "Fix: run the step inside node { }, or give embeddings precomputed.");
        }
        EnvVars env = context.get(EnvVars.class);
        Node node = context.get(Node.class);
        Launcher launcher = context.get(Launcher.class);
        if (launcher == null) {
            throw new AbortException("driftGate: no launcher in context to run the detector agent. Fix: run the step inside node { }.");
        }
        String exe = DetectorAgentTool.executable(detectorAgent, node, env, in.listener());
        in.listener().getLogger().println("driftGate: embedding '" + folder + "' with the detector agent (" + model + ")");
        int exit = DetectorAgentTool.run(launcher, in.workspace(), env, in.listener(), exe, embedArguments(model, folder, out));
        if (exit != 0) {
            String detail = "exit code " + exit;
            try {
                String json = DetectorAgentTool.readResult(in.workspace(), out);
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
                detail = n.path("problem").asText(detail) + ". Fix: " + n.path("fix").asText("see the build log");
            } catch (IOException e) {
                detail += " (no result written; see the build log)";
            }
            throw new AbortException("driftGate: the detector agent could not embed '" + folder + "': " + detail);
        }
        return out;
    }

    /** The execution: as every SecMLOps step's, but the callable may first run the detector agent on the node. */
    static final class Execution extends SecMlOpsStepExecution {
        private static final long serialVersionUID = 1L;

        private final transient DriftGateStep step;

        Execution(StepContext context, DriftGateStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException, InterruptedException {
            return step.callable(in, getContext());
        }
    }

    @Extension
    @Symbol("driftGate")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("name");
        }

        @Override
        public String getFunctionName() {
            return "driftGate";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: drift gate";
        }

    }
}
