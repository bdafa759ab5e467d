package io.jenkins.plugins.secmlops.execution;

import java.io.Serializable;

/**
 * What the {@code complianceReport} callable sends back from the agent: the name of the report folder it wrote in its
 * temporary folder, or the reason the engine refused the input. The files themselves are copied by
 * {@code FilePath.copyRecursiveTo} (streamed, never held in memory) and checked on the controller. JDK types only.
 */
public final class ReportOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String refusal;
    private final String folder;

    private ReportOutcome(String refusal, String folder) {
        this.refusal = refusal;
        this.folder = folder;
    }

    public static ReportOutcome written(String folder) {
        return new ReportOutcome(null, folder);
    }

    public static ReportOutcome refused(String message) {
        return new ReportOutcome(message, null);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public String refusal() {
        return refusal;
    }

    /** The report folder's name ({@code complianceReport-<name>}) below the temporary evidence folder. */
    public String folder() {
        return folder;
    }
}
