package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.io.Workspace;
import io.secmlops.governance.approval.ApprovalRequest;
import io.secmlops.governance.approval.Approvals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code secmlops approval record|verify}: release approvals as evidence, bound to the artifacts' digests. */
@Command(name = "approval", mixinStandardHelpOptions = true,
        description = "Release approvals as evidence: who, when, in which role, and the digests approved.",
        subcommands = {ApprovalCommand.Record.class, ApprovalCommand.Verify.class})
final class ApprovalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = {"Record an approval (or, with --refuse, a refusal: exit 1) of the artifacts' current digests.",
                    "With a policy file (default .secmlops/policy.yaml when present) the role must be defined there and the "
                            + "approver must hold it."})
    static final class Record extends EngineCommand {
        @Option(names = "--role", required = true, description = "The role the approver acts in, e.g. security-reviewer.")
        String role;

        @Option(names = "--approver", required = true, description = "The approver's user id.")
        String approver;

        @Option(names = "--refuse", description = "Record a refusal instead of an approval.")
        boolean refuse;

        @Option(names = "--artifact", required = true, split = ",", paramLabel = "PATH", description = "A model or data path approved (repeatable).")
        List<String> artifacts = new ArrayList<>();

        @Option(names = "--expect", paramLabel = "PATH=SHA256", description = "A digest the approver was shown; it must still match (repeatable).")
        Map<String, String> expected = new LinkedHashMap<>();

        @Option(names = "--message", description = "The approver's comment.")
        String message;

        @Option(names = "--policy", paramLabel = "FILE", description = "The policy file (default: .secmlops/policy.yaml when present).")
        String policy;

        @Override
        StepResult execute(ProgressListener progress) throws SecMlOpsException {
            return new Approvals(progress).record(ApprovalRequest.builder(workspace(), role, approver, !refuse)
                    .artifacts(artifacts).expectedDigests(expected).message(message).policy(policy).outputRoot(outputRoot()).build());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that the artifacts of an approval record still have the approved digests (exit 1 naming the one that changed).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RECORD", description = "The approval's evidence.json.")
        Path record;

        @Option(names = "--workspace", paramLabel = "DIR", description = "The folder the artifact paths are relative to (default: the current folder).")
        Path workspace = Path.of("");

        @Override
        public Integer call() {
            try {
                EvidenceRecord r = Approvals.verify(new Workspace(workspace.toAbsolutePath().normalize()), record);
                spec.commandLine().getOut().println("approval by role '" + r.name() + "' (" + r.results().get("approver")
                        + ", " + r.results().get("decision") + ") matches its " + r.subjects().size() + " artifact(s)");
                return ExitCode.PASS;
            } catch (SecMlOpsException e) {
                spec.commandLine().getErr().println("error: " + e.oneLine());
                return e.getMessage().contains("no longer matches") ? ExitCode.GATE_FAILED : ExitCode.USAGE;
            }
        }
    }
}
