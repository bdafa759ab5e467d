package io.secmlops.cli;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.governance.metrics.OpenMetricsExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code secmlops metrics EVIDENCE_DIR --out FILE}: the build's evidence as an OpenMetrics text file. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Write every evidence record's key figures (gate verdict, duration, reasons, numeric results) as an "
                + "OpenMetrics text file for a Prometheus textfile collector or a push. Names and labels: docs/metrics.md."})
final class MetricsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVIDENCE_DIR", description = "The folder the steps wrote their evidence to.")
    Path evidence;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The metrics file to write (e.g. secmlops.prom).")
    Path out;

    @Override
    public Integer call() {
        try {
            int n = OpenMetricsExport.write(evidence.toAbsolutePath().normalize(), out.toAbsolutePath().normalize());
            spec.commandLine().getOut().println("metrics of " + n + " evidence record(s) written to " + out);
            return ExitCode.PASS;
        } catch (SecMlOpsException e) {
            spec.commandLine().getErr().println("error: " + e.oneLine());
            return ExitCode.USAGE;
        }
    }
}
