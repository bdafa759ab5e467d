package io.jenkins.plugins.secmlops.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.signing.ControllerSigner;
import io.jenkins.plugins.secmlops.signing.CredentialsField;
import io.jenkins.plugins.secmlops.signing.ModelSignature;
import io.jenkins.plugins.secmlops.signing.PreparedModel;
import io.jenkins.plugins.secmlops.signing.SigningCredentials;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code modelSign path: 'models/pds', credentialsId: 'pds-signing-key'}: signs a model in the OpenSSF Model Signing
 * format (OMS v1.0) with a key from a Jenkins credential, after an artifact scan of the model on the agent (critical
 * findings refuse signing unless {@code overrideScan: 'reason'} is given). Three calls, so the key never leaves the controller: the
 * agent hashes the model and returns the statement; the controller signs it with the credential's key; the agent
 * writes the signature ({@code model.sig} in the model folder by default) and the evidence, which is stored with the
 * build.
 */
public final class ModelSignStep extends SecMlOpsStep {
    private final String path;
    private final String credentialsId;
    private String signature;
    private List<String> ignorePaths = List.of();
    private String method;
    private long shardSize;
    private boolean allowSymlinks;
    private String overrideScan;

    @DataBoundConstructor
    public ModelSignStep(String path, String credentialsId) {
        this.path = trimToNull(path);
        this.credentialsId = trimToNull(credentialsId);
    }

    public String getPath() {
        return path;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getSignature() {
        return signature;
    }

    /** Where to write the signature (workspace path); default {@code model.sig} inside the model folder. */
    @DataBoundSetter
    public void setSignature(String signature) {
        this.signature = trimToNull(signature);
    }

    public List<String> getIgnorePaths() {
        return ignorePaths;
    }

    /** Paths relative to the model folder left out of the signature; set in the Pipeline script only. */
    @DataBoundSetter
    public void setIgnorePaths(List<String> ignorePaths) {
        this.ignorePaths = clean(ignorePaths);
    }

    public String getMethod() {
        return method;
    }

    /** {@code files} (default: one digest per file) or {@code shards} (one per byte range of {@code shardSize}). */
    @DataBoundSetter
    public void setMethod(String method) {
        this.method = trimToNull(method);
    }

    public long getShardSize() {
        return shardSize;
    }

    /** Bytes per shard for method {@code shards}; 0 for the default 1,000,000,000. */
    @DataBoundSetter
    public void setShardSize(long shardSize) {
        this.shardSize = shardSize;
    }

    public boolean isAllowSymlinks() {
        return allowSymlinks;
    }

    @DataBoundSetter
    public void setAllowSymlinks(boolean allowSymlinks) {
        this.allowSymlinks = allowSymlinks;
    }

    public String getOverrideScan() {
        return overrideScan;
    }

    /**
     * Signs although the artifact scan finds critical problems in the model, for this reason (recorded in the
     * evidence with the findings). Blank means no override: such a model is refused.
     */
    @DataBoundSetter
    public void setOverrideScan(String overrideScan) {
        this.overrideScan = trimToNull(overrideScan);
    }

    /**
     * Looks up the credential (before hashing, so a wrong id fails at once), hashes on the agent, signs here, and
     * returns the callable that writes the signature on the agent.
     */
    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) throws IOException, InterruptedException {
        StandardCredentials credential = SigningCredentials.forSigning(in.run(), credentialsId);
        FilePath workspace = in.workspace();
        if (workspace == null) {
            throw new IllegalStateException("modelSign runs through StepRunner, which hands over the workspace");
        }
        PreparedModel prepared = workspace.act(new PrepareSignatureCallable(in, path, signature, ignorePaths, method,
                shardSize, allowSymlinks, overrideScan));
        if (prepared.isRefused()) {
            throw new AbortException(prepared.refusal());
        }
        ModelSignature signed = ControllerSigner.sign(prepared, credential, credentialsId, in.listener().getLogger());
        return new WriteSignatureCallable(in, prepared, signed);
    }

    @Extension
    @Symbol("modelSign")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("path");
        }

        @Override
        public String getFunctionName() {
            return "modelSign";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: sign a model (OpenSSF model signing)";
        }

        /** The secret file and certificate credentials the user may pick (permission-checked). */
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item,
                                                     @QueryParameter("credentialsId") String credentialsId) {
            return CredentialsField.fill(item, credentialsId);
        }

        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter("value") String value) {
            return CredentialsField.check(item, value, true);
        }
    }
}
