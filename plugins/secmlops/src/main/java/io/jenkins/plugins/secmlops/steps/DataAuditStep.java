package io.jenkins.plugins.secmlops.steps;

import hudson.Extension;
import hudson.FilePath;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.secmlops.audit.data.DataAuditRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code dataAudit name: 'pds', splits: [train: 'data/train', val: 'data/val']}: duplicates and leakage between splits
 * (exact and perceptual-hash near copies, pair by pair), label conflicts, class and box statistics against a baseline,
 * and the spectral-signature backdoor scan on the detector's embeddings. Its own step, not options of
 * {@code dataProvenance}: provenance proves what the bytes are and stays fast; the audit decodes every image and
 * judges content, with its own gate. Thin by design: the audit runs on the agent.
 */
public final class DataAuditStep extends SecMlOpsStep {
    private String name = "dataset";
    private Map<String, String> splits = Map.of();
    private Map<String, String> annotations = Map.of();
    private String labels;
    private int hamming = DataAuditRequest.DEFAULT_HAMMING;
    private String embeddings;
    private String embeddingsSplit;
    private double epsilon = DataAuditRequest.DEFAULT_EPSILON;
    private String baseline;
    private double maxClassShift = DataAuditRequest.DEFAULT_MAX_CLASS_SHIFT;
    private int maxLeakage;
    private String onLeakage;
    private String onLabelConflict;
    private String onBoxErrors;
    private String onClassShift;

    @DataBoundConstructor
    public DataAuditStep() {
    }

    /** The non-blank entries in order, keys and values trimmed; Groovy strings become plain strings. */
    static Map<String, String> cleanMap(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            for (Map.Entry<String, ?> e : values.entrySet()) {
                Object k = e.getKey();
                Object v = e.getValue();
                if (k != null && v != null && !String.valueOf(k).isBlank() && !String.valueOf(v).isBlank()) {
                    out.put(String.valueOf(k).trim(), String.valueOf(v).trim());
                }
            }
        }
        return out;
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = trimToNull(name) == null ? "dataset" : name.trim();
    }

    public Map<String, String> getSplits() {
        return splits;
    }

    /** Split name to image folder, in order: {@code splits: [train: 'data/train', val: 'data/val']}. Pipeline script only. */
    @DataBoundSetter
    public void setSplits(Map<String, String> splits) {
        this.splits = cleanMap(splits);
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    /** Split name to COCO file; default: the split's annotations.json if present. Pipeline script only. */
    @DataBoundSetter
    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = cleanMap(annotations);
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = trimToNull(labels);
    }

    public int getHamming() {
        return hamming;
    }

    @DataBoundSetter
    public void setHamming(int hamming) {
        this.hamming = hamming;
    }

    public String getEmbeddings() {
        return embeddings;
    }

    @DataBoundSetter
    public void setEmbeddings(String embeddings) {
        this.embeddings = trimToNull(embeddings);
    }

    public String getEmbeddingsSplit() {
        return embeddingsSplit;
    }

    @DataBoundSetter
    public void setEmbeddingsSplit(String embeddingsSplit) {
        this.embeddingsSplit = trimToNull(embeddingsSplit);
    }

    public double getEpsilon() {
        return epsilon;
    }

    @DataBoundSetter
    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public String getBaseline() {
        return baseline;
    }

    @DataBoundSetter
    public void setBaseline(String baseline) {
        this.baseline = trimToNull(baseline);
    }

    public double getMaxClassShift() {
        return maxClassShift;
    }

    @DataBoundSetter
    public void setMaxClassShift(double maxClassShift) {
        this.maxClassShift = maxClassShift;
    }

    public int getMaxLeakage() {
        return maxLeakage;
    }

    @DataBoundSetter
    public void setMaxLeakage(int maxLeakage) {
        this.maxLeakage = maxLeakage;
    }

    public String getOnLeakage() {
        return onLeakage;
    }

    /** fail (default) or unstable. */
    @DataBoundSetter
    public void setOnLeakage(String onLeakage) {
        this.onLeakage = trimToNull(onLeakage);
    }

    public String getOnLabelConflict() {
        return onLabelConflict;
    }

    /** fail or unstable (default). */
    @DataBoundSetter
    public void setOnLabelConflict(String onLabelConflict) {
        this.onLabelConflict = trimToNull(onLabelConflict);
    }

    public String getOnBoxErrors() {
        return onBoxErrors;
    }

    /** fail or unstable (default). */
    @DataBoundSetter
    public void setOnBoxErrors(String onBoxErrors) {
        this.onBoxErrors = trimToNull(onBoxErrors);
    }

    public String getOnClassShift() {
        return onClassShift;
    }

    /** fail or unstable (default). */
    @DataBoundSetter
    public void setOnClassShift(String onClassShift) {
        this.onClassShift = trimToNull(onClassShift);
    }

    @Override
    FilePath.FileCallable<StepOutcome> callable(StepInput in) {
        return new DataAuditCallable(in, this);
    }

    @Extension
    @Symbol("dataAudit")
    public static final class DescriptorImpl extends SecMlOpsStepDescriptor {
        public DescriptorImpl() {
            super("name");
        }

        @Override
        public String getFunctionName() {
            return "dataAudit";
        }

        @Override
        public String getDisplayName() {
            return "SecMLOps: audit a dataset for leakage, duplicates, label conflicts and backdoors";
        }
    }
}
