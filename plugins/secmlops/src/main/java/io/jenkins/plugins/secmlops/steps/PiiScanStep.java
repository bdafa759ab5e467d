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
 * {@code piiScan path: 'data/customers', anonymised: true}: counts personal data per file, column and pattern in CSV,
 * JSON Lines and metadata files; never records or logs a value. In data declared anonymised, any finding fails the
 * step (or, with {@code onPii: 'unstable'}, marks the build unstable). Thin by design: the engine is
 * {@link io.secmlops.governance.pii.PiiScan}.
 */
public final class PiiScanStep extends SecMlOpsStep {
    private final String path;
    private String name;
    private boolean anonymised;
    private String onPii;
    private List<String> ignoreColumns = List.of();
    private String policy;

    @DataBoundConstructor
    public PiiScanStep(String path) {
        this.path = trimToNull(path);
    }

    public String getPath() {
        return path;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = trimToNull(name);
    }

    public boolean isAnonymised() {
        return anonymised;
    }

    @DataBoundSetter
    public void setAnonymised(boolean anonymised) {
        this.anonymised = anonymised;
    }

    public String getOnPii() {
        return onPii;
    }

    /** 'fail' or 'unstable'; default: the policy file's {@code gates.piiScan.onPii}, else 'fail'. */
    @DataBoundSetter
    public void setOnPii(String onPii) {
        this.onPii = trimToNull(onPii);
    }

    public List<String> getIgnoreColumns() {
        return ignoreColumns;
    }

    /** Columns declared not personal ({@code ignoreColumns: ['camera_ip']}). Pipeline script only. */
    @DataBoundSetter
    public void setIgnoreColumns(List<String> ignoreColumns) {
        this.ignoreColumns = clean(ignoreColumns);
    }

    public String getPolicy() {
        return policy;
    }

    /** The policy file (workspace path); default: .secmlops/policy.yaml when the repository has one. */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = trimToNull(policy);
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) {
        return new PiiScanCallable(in, path, name, anonymised, onPii, ignoreColumns, policy);
    }

    @Extension
    @Symbol("piiScan")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("path");
        }

        @Override
        public String getFunctionName() {
            return "piiScan";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: PII scan";
        }
    }
}
