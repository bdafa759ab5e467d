package io.secmlops.detector;

import io.secmlops.detector.cli.AttackCommand;
import io.secmlops.detector.cli.BenchCommand;
import io.secmlops.detector.cli.CorruptCommand;
import io.secmlops.detector.cli.DetectCommand;
import io.secmlops.detector.cli.EmbedCommand;
import io.secmlops.detector.cli.EvaluateCommand;
import io.secmlops.detector.cli.ExportCommand;
import io.secmlops.detector.cli.PrepareCommand;
import io.secmlops.engine.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The standalone detector program. Steps launch it as its own process and read the JSON it writes; no Jenkins JVM
 * loads TensorFlow. Exit codes: 0 done, 2 bad usage, 3 a problem the user can fix (the JSON result says which and how),
 * 1 an internal error.
 */
@Command(name = "detector-agent", mixinStandardHelpOptions = true, versionProvider = DetectorAgent.VersionProvider.class,
        description = "Pedestrian detector on TensorFlow-Java: import TFJS graph models, detect, evaluate, embed, export SavedModels, benchmark, attack (robustness study), corrupt images.",
        subcommands = {PrepareCommand.class, DetectCommand.class, EvaluateCommand.class, EmbedCommand.class, ExportCommand.class, BenchCommand.class,
                AttackCommand.class, CorruptCommand.class})
public final class DetectorAgent {

    public static final int EXIT_PROBLEM = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new DetectorAgent()).execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"secmlops-detector-agent " + Version.get()};
        }
    }
}
