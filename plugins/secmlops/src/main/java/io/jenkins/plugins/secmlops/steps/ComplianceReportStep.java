package io.jenkins.plugins.secmlops.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import io.jenkins.plugins.secmlops.execution.ReportOutcome;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.report.ComplianceReportAction;
import io.jenkins.plugins.secmlops.report.ReportFiles;
import io.jenkins.plugins.secmlops.report.TrendSummary;
import io.jenkins.plugins.secmlops.signing.CredentialsField;
import io.jenkins.plugins.secmlops.signing.SigningCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code complianceReport frameworks: ['owasp-ml', 'atlas', 'eu-ai-act'], failOn: 'not-satisfied'}: maps the build's
 * evidence to security and AI frameworks. The evidence beside the build is streamed to a temporary folder of the
 * workspace, the report engine runs there on the agent, and the report folder is streamed back, checked, optionally
 * signed with a credential's key on the controller ({@code report.dsse.json}), and stored beside the build whole.
 */
public final class ComplianceReportStep extends Step {
    private String name = "compliance";
    private List<String> frameworks = List.of();
    private List<String> catalogs = List.of();
    private String failOn = "not-satisfied";
    private List<String> formats = List.of();
    private String outputDir;
    private String credentialsId;
    private List<String> trustedKeys = List.of();

    @DataBoundConstructor
    public ComplianceReportStep() {
        // every parameter is optional
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = SecMlOpsStep.trimToNull(name) == null ? "compliance" : name.trim();
    }

    public List<String> getFrameworks() {
        return frameworks;
    }

    /** Built-in frameworks (default: all): owasp-ml, atlas, nist-ai-rmf, eu-ai-act, iso-42001, stride, pptgc. */
    @DataBoundSetter
    public void setFrameworks(List<String> frameworks) {
        this.frameworks = SecMlOpsStep.clean(frameworks);
    }

    public List<String> getCatalogs() {
        return catalogs;
    }

    /** The team's own catalogue files (workspace paths, secmlops.catalog/v1), always included. */
    @DataBoundSetter
    public void setCatalogs(List<String> catalogs) {
        this.catalogs = SecMlOpsStep.clean(catalogs);
    }

    public String getFailOn() {
        return failOn;
    }

    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = SecMlOpsStep.trimToNull(failOn) == null ? "not-satisfied" : failOn.trim();
    }

    public List<String> getFormats() {
        return formats;
    }

    /** Which exports {@code outputDir} receives (default: all): html, json, sarif, junit, cyclonedx. */
    @DataBoundSetter
    public void setFormats(List<String> formats) {
        List<String> out = new ArrayList<>();
        for (String f : SecMlOpsStep.clean(formats)) {
            out.add(f.toLowerCase(Locale.ROOT));
        }
        this.formats = List.copyOf(out);
    }

    public String getOutputDir() {
        return outputDir;
    }

    /** A workspace folder that receives copies of the report files, e.g. for archiveArtifacts; none by default. */
    @DataBoundSetter
    public void setOutputDir(String outputDir) {
        this.outputDir = SecMlOpsStep.trimToNull(outputDir);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A signing credential (as for modelSign): the report is signed on the controller as a DSSE envelope. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = SecMlOpsStep.trimToNull(credentialsId);
    }

    public List<String> getTrustedKeys() {
        return trustedKeys;
    }

    /** PEM public keys (workspace files) that DSSE envelopes beside evidence records must verify with. */
    @DataBoundSetter
    public void setTrustedKeys(List<String> trustedKeys) {
        this.trustedKeys = SecMlOpsStep.clean(trustedKeys);
    }

    /** The report files {@code outputDir} receives; refuses unknown formats, and formats without an outputDir. */
    List<String> selectedFiles() throws AbortException {
        if (!formats.isEmpty() && outputDir == null) {
            throw new AbortException("complianceReport: formats selects the files copied to outputDir, and no outputDir "
                    + "is given. Fix: add outputDir: 'reports/compliance' (the build always keeps every format).");
        }
        if (formats.isEmpty()) {
            return List.copyOf(ReportFiles.FORMATS.values());
        }
        List<String> files = new ArrayList<>();
        for (String f : formats) {
            String file = ReportFiles.FORMATS.get(f);
            if (file == null) {
                throw new AbortException("complianceReport: unknown format '" + f + "'. Fix: use some of "
                        + String.join(", ", ReportFiles.FORMATS.keySet()) + ".");
            }
            if (!files.contains(file)) {
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /**
     * Runs the report. Controller: credential look-up (first, so a wrong id fails at once), evidence streamed to the
     * agent. Agent: the engine. Controller: the report folder streamed back into a staging folder, checked, signed,
     * renamed into place; the action, the trend summary and the gate.
     */
    void run(StepContext context) throws IOException, InterruptedException {
        Run<?, ?> run = StepRunner.required(context, Run.class);
        FilePath workspace = StepRunner.required(context, FilePath.class);
        TaskListener listener = StepRunner.required(context, TaskListener.class);
        Map<String, String> env = context.get(EnvVars.class);
        FlowNode node = context.get(FlowNode.class);
        PrintStream log = listener.getLogger();
        List<String> outputFiles = selectedFiles();
        StandardCredentials credential = credentialsId == null ? null
                : SigningCredentials.forSigning(run, credentialsId, ReportFiles.KIND);
        StepInput in = new StepInput(run, listener, StepRunner.coordinates(env), workspace);
        EvidenceStore store = EvidenceStore.of(run);

        String tmp = ComplianceReportCallable.TMP_ROOT + "/report-" + UUID.randomUUID();
        FilePath tmpDir = workspace.child(tmp);
        ReportFiles.CheckedReport report;
        Path stored;
        try {
            if (!store.folders().isEmpty()) {
                new FilePath(store.root().toFile()).copyRecursiveTo(tmpDir.child(ComplianceReportCallable.EVIDENCE));
            }
            ReportOutcome outcome = workspace.act(new ComplianceReportCallable(in, tmp, name, frameworks, catalogs,
                    failOn, trustedKeys));
            if (outcome.isRefused()) {
                throw new AbortException(outcome.refusal());
            }
            if (!EvidenceStore.isSafeName(outcome.folder())) {
                throw new AbortException("complianceReport: the agent named the report folder '" + outcome.folder()
                        + "'; nothing was stored. Fix: run the step again on a trusted agent.");
            }
            Path staging = store.stage();
            try {
                String reportFolder = tmp + "/" + ComplianceReportCallable.EVIDENCE + "/" + outcome.folder();
                workspace.child(reportFolder).copyRecursiveTo(new FilePath(staging.toFile()));
                report = ReportFiles.check(staging, name);
                byte[] envelope = credential == null ? null : ReportFiles.sign(staging, report, credential, credentialsId, log);
                if (outputDir != null) {
                    ReportOutcome published = workspace.act(new PublishReportCallable(in, reportFolder, outputDir,
                            outputFiles, envelope, ReportFiles.ENVELOPE));
                    if (published.isRefused()) {
                        throw new AbortException(published.refusal());
                    }
                }
                stored = store.commit(staging, outcome.folder());
            } finally {
                EvidenceStore.discard(staging);
            }
        } finally {
            try {
                tmpDir.deleteRecursive();
            } catch (IOException e) {
                log.println("complianceReport: could not delete the temporary folder " + tmp + ": " + e.getMessage());
            }
        }
        log.println(ReportFiles.KIND + " '" + name + "': " + report.total("satisfied") + " satisfied, "
                + report.total("partly") + " partly, " + report.total("not-satisfied") + " not satisfied, "
                + report.total("not-assessed") + " not assessed; " + report.evidenceRecords() + " evidence records checked");
        log.println("SecMLOps: " + ReportFiles.KIND + " stored with the build in " + EvidenceStore.FOLDER + "/"
                + stored.getFileName() + (credential == null ? "" : " (signed: " + ReportFiles.ENVELOPE + ")"));
        SecMlOpsBuildAction.attach(run);
        ComplianceReportAction.add(run, ReportFiles.entry(stored, name, report, credentialsId));
        int satisfied = report.total("satisfied");
        int total = satisfied + report.total("partly") + report.total("not-satisfied") + report.total("not-assessed");
        TrendSummary.compute(store, satisfied, total).write(run.getRootDir().toPath());
        StepRunner.gate(StepOutcome.of(ReportFiles.KIND, name, report.verdict(), report.reasons(), null,
                stored.getFileName().toString(), Map.of()), run, node, log);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {
        private static final long serialVersionUID = 1L;

        private final transient ComplianceReportStep step;

        Execution(StepContext context, ComplianceReportStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Void run() throws Exception {
            step.run(getContext());
            return null;
        }
    }

    @Extension
    @Symbol("complianceReport")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("name");
        }

        @Override
        public String getFunctionName() {
            return "complianceReport";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: compliance report (OWASP ML, MITRE ATLAS, EU AI Act, ...)";
        }

        /** The secret file and certificate credentials the user may pick (permission-checked, as for modelSign). */
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item,
                                                     @QueryParameter("credentialsId") String credentialsId) {
            return CredentialsField.fill(item, credentialsId);
        }

        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter("value") String value) {
            return CredentialsField.check(item, value, false);
        }
    }
}
