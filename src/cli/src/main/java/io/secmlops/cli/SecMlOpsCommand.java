package io.secmlops.cli;

import io.secmlops.engine.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code secmlops} command: one subcommand per pipeline step. */
@Command(name = "secmlops", mixinStandardHelpOptions = true, versionProvider = SecMlOpsCommand.VersionProvider.class,
        description = "ML security checks for CI/CD: the engine behind the SecMLOps Jenkins steps, on the command line.",
        footer = {"", "Exit codes: 0 pass (or unstable), 1 a gate failed, 2 usage or input error."},
        subcommands = {DemoCommand.class, ProvenanceCommand.class, DetectorCommand.class, AttackCommand.class, SignCommand.class, VerifyCommand.class,
                ScanCommand.class, AuditCommand.class, DriftCommand.class, ReportCommand.class, PiiCommand.class, MetricsCommand.class, PolicyCommand.class,
                ApprovalCommand.class, BenchCommand.class})
public final class SecMlOpsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"secmlops " + Version.get()};
        }
    }
}
