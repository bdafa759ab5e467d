package io.secmlops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code secmlops detector COMMAND ...}: the TF-Java pedestrian detector (prepare, detect, evaluate, embed, export,
 * bench), run as its own process from its distribution, exactly as Jenkins steps run it on a node. TensorFlow never
 * loads in this JVM.
 */
@Command(name = "detector", description = "Run the detector agent (prepare, detect, evaluate, embed, export, bench) as its own process; "
        + "'secmlops detector --help' lists its commands. See detector-agent/README.md.")
final class DetectorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--agent-home", description = "The detector agent distribution (default: detector-agent/target/dist in the checkout).")
    Path agentHome;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "The detector agent's command and options.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path launcher = launcher(agentHome);
        if (!Files.isExecutable(launcher)) {
            spec.commandLine().getErr().println("error: " + notBuilt(launcher) + " Fix: " + NOT_BUILT_FIX);
            return ExitCode.USAGE;
        }
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args.isEmpty() ? List.of("--help") : args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** {@code bin/detector-agent} under {@code --agent-home}, else under the checkout's build of the distribution. */
    static Path launcher(Path agentHome) {
        Path home = agentHome != null ? agentHome
                : Path.of(System.getProperty("secmlops.home", ".")).resolve("detector-agent/target/dist");
        return home.resolve("bin/detector-agent");
    }

    static final String NOT_BUILT_FIX = "run 'mvn -pl detector-agent -am package -DskipTests', or give --agent-home.";

    static String notBuilt(Path launcher) {
        return "the detector agent is not built at " + launcher + ".";
    }
}
