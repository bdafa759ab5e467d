package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.governance.pii.PiiScan;
import io.secmlops.governance.pii.PiiScanRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code secmlops pii PATH...}: the {@code piiScan} step on the command line. */
@Command(name = "pii", mixinStandardHelpOptions = true,
        description = {"Count personal data in CSV, JSON Lines and metadata files (JSON, YAML, text): e-mail addresses, phone "
                + "numbers, payment cards (Luhn), US SSNs, UK NINOs, IBANs (mod 97), IPv4/IPv6 addresses and person-name "
                + "columns. Counts per file, column and pattern; no value is ever printed or recorded.",
                "With --anonymised, any finding fails (exit 1) or, with --on-pii unstable, is reported as unstable."})
final class PiiCommand extends EngineCommand {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to scan, inside the workspace.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--name", description = "The data set's name in evidence (default: the first path's name).")
    String name;

    @Option(names = "--anonymised", description = "The data is declared anonymised: personal data in it violates the gate.")
    boolean anonymised;

    @Option(names = "--on-pii", paramLabel = "fail|unstable", description = "What PII in anonymised data does (default: the policy's, else fail).")
    String onPii;

    @Option(names = "--ignore-column", split = ",", paramLabel = "COLUMN",
            description = "A column (CSV header or JSON key path) declared not personal; repeatable, recorded in evidence.")
    List<String> ignoreColumns = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (workspace path) whose piiScan settings apply and whose digest is recorded.")
    String policy;

    @Override
    StepResult execute(ProgressListener progress) throws SecMlOpsException {
        return new PiiScan(progress).run(PiiScanRequest.builder(workspace(), paths).name(name).anonymised(anonymised)
                .onPii(onPii).ignoreColumns(ignoreColumns).policy(policy).outputRoot(outputRoot()).build());
    }
}
