package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What every step's subcommand shares: the workspace and output options, progress on standard error, and the
 * mapping of engine outcomes to exit codes.
 */
abstract class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Folder that every input path must stay inside (default: the current folder).")
    Path workspace = Path.of("");

    @Option(names = "--out", paramLabel = "DIR", description = "Where evidence is written (default: work/evidence in the workspace).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    /** Runs the engine call. */
    abstract StepResult execute(ProgressListener progress) throws SecMlOpsException;

    /** Prints anything extra after the summary (e.g. a file list). */
    void printDetails(StepResult result, PrintWriter out) {
    }

    Path workspace() {
        return workspace.toAbsolutePath().normalize();
    }

    Path outputRoot() {
        return out != null ? out.toAbsolutePath().normalize() : workspace().resolve("work/evidence");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = quiet ? ProgressListener.SILENT : line -> {
            err.println(line);
            err.flush();
        };
        StepResult result;
        try {
            result = execute(progress);
        } catch (SecMlOpsException e) {
            err.println("error: " + e.oneLine());
            err.flush();
            return ExitCode.USAGE;
        }
        out.println(result.summary());
        printDetails(result, out);
        out.println("evidence: " + result.directory().resolve(io.secmlops.engine.evidence.Evidence.RECORD_FILE));
        out.flush();
        for (String reason : result.reasons()) {
            err.println(result.verdict() + ": " + reason);
        }
        if (result.verdict() == Verdict.FAIL) {
            writeIncidents(result, err);
        }
        err.flush();
        return result.verdict() == Verdict.FAIL ? ExitCode.GATE_FAILED : ExitCode.PASS;
    }

    /** A failed gate leaves an incident record beside the evidence (incidents/ under the evidence root). */
    private static void writeIncidents(StepResult result, PrintWriter err) {
        try {
            for (Path p : io.secmlops.governance.incident.Incident.writeFor(result.directory().getParent())) {
                err.println("incident: " + p);
            }
        } catch (SecMlOpsException e) {
            err.println("warning: no incident record: " + e.oneLine());
        }
    }
}
