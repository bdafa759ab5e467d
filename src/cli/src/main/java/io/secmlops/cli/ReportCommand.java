package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.report.ComplianceReport;
import io.secmlops.report.EnvelopeVerifier;
import io.secmlops.report.ReportRequest;
import io.secmlops.signing.KeyLoader;
import io.secmlops.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code secmlops report EVIDENCE_DIR}: the {@code complianceReport} step on the command line. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Check every evidence record below EVIDENCE_DIR (schema, output digests, statements, signatures), map the "
                + "evidence to security and AI frameworks, and write the report: HTML, JSON, SARIF 2.1.0, JUnit XML and a "
                + "CycloneDX 1.6 ML-BOM.",
                "Frameworks: owasp-ml, atlas, nist-ai-rmf, eu-ai-act, iso-42001, stride, pptgc, gdpr (default: all)."})
final class ReportCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "EVIDENCE_DIR", description = "The folder the steps wrote their evidence to, inside the workspace.")
    String evidence;

    @Option(names = "--frameworks", split = ",", paramLabel = "NAME", description = "Frameworks to report on (default: all built-in ones).")
    List<String> frameworks = new ArrayList<>();

    @Option(names = "--catalog", paramLabel = "FILE", description = "Your own catalogue (JSON, workspace path); repeatable. Always included.")
    List<String> catalogs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "not-satisfied|never",
            description = "Exit 1 when a control is not satisfied (default), or never.")
    String failOn = "not-satisfied";

    @Option(names = "--name", description = "The report's name in evidence (default: compliance).")
    String name;

    @Option(names = "--expect-job", paramLabel = "JOB", description = "Refuse evidence recorded by another Jenkins job.")
    String expectJob;

    @Option(names = "--expect-build", paramLabel = "NUMBER", description = "Refuse evidence recorded by another build number.")
    String expectBuild;

    @Option(names = "--trusted-key", paramLabel = "PEM",
            description = "Public key that DSSE envelopes beside records (evidence.dsse.json) must verify with; repeatable.")
    List<Path> trustedKeys = new ArrayList<>();

    @Option(names = "--require-signed", description = "Refuse evidence records that have no DSSE envelope.")
    boolean requireSigned;

    @Option(names = "--key", paramLabel = "KEY", description = "Sign the report's statement (DSSE) with this private key (PEM or PKCS#12).")
    Path key;

    @Option(names = "--key-passphrase-env", paramLabel = "VAR", description = "Environment variable holding the key's passphrase.")
    String passphraseEnv;

    @Override
    StepResult execute(ProgressListener progress) throws SecMlOpsException {
        List<EnvelopeVerifier> verifiers = new ArrayList<>();
        for (Path p : trustedKeys) {
            verifiers.add(EnvelopeVerifier.of(KeyLoader.publicKey(SignCommand.read(p, "trusted key"), p.toString())));
        }
        ReportRequest request = ReportRequest.builder(workspace(), evidence)
                .name(name)
                .frameworks(frameworks)
                .catalogs(catalogs)
                .failOn(failOn)
                .expectedBuild(expectJob, expectBuild)
                .trustedKeys(verifiers)
                .requireSignedEvidence(requireSigned)
                .signer(key == null ? null : loadKey())
                // Without --out the report goes beside the records it reports on.
                .outputRoot(out == null ? null : outputRoot())
                .environment(RunEnvironment.commandLine())
                .build();
        return new ComplianceReport(progress).run(request);
    }

    private SigningKey loadKey() throws SecMlOpsException {
        char[] passphrase = null;
        if (passphraseEnv != null && !passphraseEnv.isBlank()) {
            String value = System.getenv(passphraseEnv);
            if (value == null) {
                throw new SecMlOpsException("The environment variable " + passphraseEnv + " (--key-passphrase-env) is not set.",
                        "export the key's passphrase in that variable, or leave the option out for an unencrypted key.");
            }
            passphrase = value.toCharArray();
        }
        try {
            return KeyLoader.load(key, passphrase);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    @Override
    void printDetails(StepResult result, PrintWriter out) {
        out.println("html: " + result.directory().resolve(ComplianceReport.HTML_FILE));
        out.println("sarif: " + result.directory().resolve(ComplianceReport.SARIF_FILE));
        out.println("junit: " + result.directory().resolve(ComplianceReport.JUNIT_FILE));
        out.println("ml-bom: " + result.directory().resolve(ComplianceReport.BOM_FILE));
    }
}
