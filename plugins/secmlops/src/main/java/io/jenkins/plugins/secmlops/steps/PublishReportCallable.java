package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.ReportOutcome;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.io.Workspace;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code complianceReport outputDir: ...} on the agent: copies the chosen report files from the temporary folder into
 * the workspace folder the user named (for {@code archiveArtifacts}, {@code recordIssues}, {@code junit}), plus the
 * controller's {@code report.dsse.json} when the report was signed. Each file is written beside its target and
 * renamed into place. Public bytes only.
 */
final class PublishReportCallable extends AgentCallable<ReportOutcome> {
    private static final long serialVersionUID = 1L;

    private final String reportFolder;
    private final String outputDir;
    private final ArrayList<String> files;
    private final byte[] envelope;
    private final String envelopeName;

    PublishReportCallable(StepInput in, String reportFolder, String outputDir, List<String> files, byte[] envelope,
                          String envelopeName) {
        super(in);
        this.reportFolder = reportFolder;
        this.outputDir = outputDir;
        this.files = new ArrayList<>(files);
        this.envelope = envelope == null ? null : envelope.clone();
        this.envelopeName = envelopeName;
    }

    @Override
    protected ReportOutcome call(Path workspace, RunEnvironment environment, ProgressListener progress)
            throws SecMlOpsException, IOException {
        Path source = ComplianceReportCallable.tmpFolder(workspace, reportFolder);
        Path target = new Workspace(workspace).resolve(outputDir, "output folder");
        Files.createDirectories(target);
        for (String f : files) {
            Path from = source.resolve(f);
            if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("complianceReport: the report file " + f + " is missing on the agent");
            }
            Path staged = Files.createTempFile(target, ".secmlops-", ".tmp");
            Files.copy(from, staged, StandardCopyOption.REPLACE_EXISTING);
            move(staged, target.resolve(f));
        }
        if (envelope != null) {
            Path staged = Files.createTempFile(target, ".secmlops-", ".tmp");
            Files.write(staged, envelope);
            move(staged, target.resolve(envelopeName));
        }
        progress.progress("complianceReport: report files copied to " + outputDir);
        return ReportOutcome.written(outputDir);
    }

    private static void move(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    protected ReportOutcome refused(String message) {
        return ReportOutcome.refused(message);
    }
}
