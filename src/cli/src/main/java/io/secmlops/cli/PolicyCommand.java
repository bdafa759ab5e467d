package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.governance.policy.PolicyCheck;
import io.secmlops.governance.policy.PolicyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code secmlops policy check}: checks the repository's policy file and, optionally, a build's evidence against it. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "The repository's policy file (.secmlops/policy.yaml): thresholds, required steps, roles and approvals.",
        subcommands = PolicyCommand.Check.class)
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check the policy file (a malformed line, an unknown key, step or role is named with its line) and "
                    + "record which policy is in force (evidence kind 'policy', with the file's digest and version).",
                    "With --evidence, also check that every required step ran and every required approval was given by "
                            + "members of its role, with the approved digests still matching the artifacts."})
    static final class Check extends EngineCommand {
        @Option(names = "--policy", paramLabel = "FILE", description = "The policy file (default: " + PolicyFile.DEFAULT_PATH + ").")
        String policy = PolicyFile.DEFAULT_PATH;

        @Option(names = "--evidence", paramLabel = "DIR", description = "A build's evidence folder to check against the policy.")
        Path evidence;

        @Override
        StepResult execute(ProgressListener progress) throws SecMlOpsException {
            return new PolicyCheck(progress).run(workspace(), policy,
                    evidence == null ? null : workspace().resolve(evidence).normalize(), outputRoot(), RunEnvironment.commandLine());
        }
    }
}
