package io.jenkins.plugins.secmlops.steps;

import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code artifactScan path: 'models/pds'}: reads a model's files the way a loader would, without loading them, and
 * gates on what loading would run (unsafe pickle imports, Keras Lambda layers, TensorFlow file and Python ops, zip
 * entries escaping their folder). Critical findings fail the step and high ones mark the build unstable, unless
 * {@code failOn} / {@code unstableOn} say otherwise. Thin by design: the scan runs on the agent.
 */
public final class ArtifactScanStep extends SecMlOpsStep {
    private final String path;
    private String name;
    private String failOn;
    private String unstableOn;
    private List<String> allowGlobals = List.of();
    private List<String> ignore = List.of();
    private boolean allowSymlinks;

    @DataBoundConstructor
    public ArtifactScanStep(String path) {
        this.path = trimToNull(path);
    }

    public String getPath() {
        return path;
    }

    public String getName() {
        return name;
    }

    /** The model's name in the evidence; default: the file or folder name. */
    @DataBoundSetter
    public void setName(String name) {
        this.name = trimToNull(name);
    }

    public String getFailOn() {
        return failOn;
    }

    /** Findings at this severity or worse fail the step: critical (default), high, medium, low or none. */
    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = trimToNull(failOn);
    }

    public String getUnstableOn() {
        return unstableOn;
    }

    /** Findings at this severity or worse, below failOn, mark the build unstable: high (default) ... none. */
    @DataBoundSetter
    public void setUnstableOn(String unstableOn) {
        this.unstableOn = trimToNull(unstableOn);
    }

    public List<String> getAllowGlobals() {
        return allowGlobals;
    }

    /** Pickle globals the model needs ({@code mypkg.Net}, {@code mypkg.*}); Pipeline script only. */
    @DataBoundSetter
    public void setAllowGlobals(List<String> allowGlobals) {
        this.allowGlobals = clean(allowGlobals);
    }

    public List<String> getIgnore() {
        return ignore;
    }

    /** Globs on paths relative to the model left out of the scan (recorded); Pipeline script only. */
    @DataBoundSetter
    public void setIgnore(List<String> ignore) {
        this.ignore = clean(ignore);
    }

    public boolean isAllowSymlinks() {
        return allowSymlinks;
    }

    @DataBoundSetter
    public void setAllowSymlinks(boolean allowSymlinks) {
        this.allowSymlinks = allowSymlinks;
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) {
        return new ArtifactScanCallable(in, path, name, failOn, unstableOn, allowGlobals, ignore, allowSymlinks);
    }

    @Extension
    @Symbol("artifactScan")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("path");
        }

        @Override
        public String getFunctionName() {
            return "artifactScan";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: scan model artifacts for code that loading would run";
        }
    }
}
