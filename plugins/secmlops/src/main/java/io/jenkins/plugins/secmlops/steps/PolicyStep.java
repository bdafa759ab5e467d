package io.jenkins.plugins.secmlops.steps;

import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.governance.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code secmlopsPolicy()}: checks the repository's policy file and records which policy is in force (evidence kind
 * {@code policy}, with the file's digest and version). With {@code enforce: true}, also checks this build's evidence so
 * far against it: every required step ran, every required approval was given by members of its role, and each
 * approval still matches its artifacts; a shortfall fails the step.
 */
public final class PolicyStep extends SecMlOpsStep {
    private String policy = PolicyFile.DEFAULT_PATH;
    private boolean enforce;

    @DataBoundConstructor
    public PolicyStep() {
    }

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = trimToNull(policy) == null ? PolicyFile.DEFAULT_PATH : policy.trim();
    }

    public boolean isEnforce() {
        return enforce;
    }

    @DataBoundSetter
    public void setEnforce(boolean enforce) {
        this.enforce = enforce;
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        if (enforce) {
            // the build's records so far go to the agent, where the approvals' artifacts can be digested again
            for (Path folder : EvidenceStore.of(in.run()).folders()) {
                Path record = folder.resolve(Evidence.RECORD_FILE);
                if (Files.isRegularFile(record)) {
                    records.put(folder.getFileName().toString(), Files.readAllBytes(record));
                }
            }
        }
        return new PolicyCallable(in, policy, enforce, records);
    }

    @Extension
    @Symbol("secmlopsPolicy")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("policy");
        }

        @Override
        public String getFunctionName() {
            return "secmlopsPolicy";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: record and enforce the repository policy";
        }
    }
}
