package io.jenkins.plugins.secmlops.steps;

import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.ReportOutcome;
import io.jenkins.plugins.secmlops.execution.StepInput;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.io.Workspace;
import io.secmlops.report.ComplianceReport;
import io.secmlops.report.EnvelopeVerifier;
import io.secmlops.report.ReportRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code complianceReport} on the agent: runs the report engine on the copy of the build's evidence that the controller
 * streamed into a temporary folder of the workspace ({@code .secmlops/tmp/report-<id>/evidence}). It carries paths and
 * options only: never a key (the report is signed on the controller afterwards) and never evidence bytes.
 */
final class ComplianceReportCallable extends AgentCallable<ReportOutcome> {
    private static final long serialVersionUID = 1L;
    static final String TMP_ROOT = ".secmlops/tmp";
    static final String EVIDENCE = "evidence";
    private static final Pattern PUBLIC_KEY_PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    /** The temporary folder, relative to the workspace, below {@link #TMP_ROOT}. */
    private final String tmp;
    private final String name;
    private final ArrayList<String> frameworks;
    private final ArrayList<String> catalogs;
    private final String failOn;
    private final ArrayList<String> trustedKeys;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ComplianceReportCallable(StepInput in, String tmp, String name, List<String> frameworks, List<String> catalogs,
                             String failOn, List<String> trustedKeys) {
        super(in);
        this.tmp = tmp;
        this.name = name;
        this.frameworks = new ArrayList<>(frameworks);
        this.catalogs = new ArrayList<>(catalogs);
        this.failOn = failOn;
        this.trustedKeys = new ArrayList<>(trustedKeys);
    }

    @Override
    protected ReportOutcome call(Path workspace, RunEnvironment environment, ProgressListener progress)
            throws SecMlOpsException, IOException {
        Path base = tmpFolder(workspace, tmp);
        Files.createDirectories(base.resolve(EVIDENCE)); // a build without evidence gets a report of "not assessed"
        Workspace ws = new Workspace(workspace);
        // the user's catalogues and keys are workspace files: resolved (and kept inside) the real workspace
        List<String> copied = new ArrayList<>();
        for (int i = 0; i < catalogs.size(); i++) {
            Path source = ws.resolveExisting(catalogs.get(i), "catalogue");
            Path target = Files.createDirectories(base.resolve("catalogs")).resolve(i + "-" + source.getFileName());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            copied.add(base.relativize(target).toString());
        }
        List<EnvelopeVerifier> verifiers = new ArrayList<>();
        for (String key : trustedKeys) {
            verifiers.add(EnvelopeVerifier.of(publicKey(ws, key)));
        }
        ReportRequest request = ReportRequest.builder(base, EVIDENCE)
                .name(name)
                .frameworks(frameworks)
                .catalogs(copied)
                .failOn(failOn)
                .expectedBuild(environment.get("job"), environment.get("buildNumber"))
                .trustedKeys(verifiers)
                .environment(environment)
                .build();
        StepResult result = new ComplianceReport(progress).run(request);
        return ReportOutcome.written(result.directory().getFileName().toString());
    }

    @Override
    protected ReportOutcome refused(String message) {
        return ReportOutcome.refused(message);
    }

    /** The temporary folder, which must be below {@link #TMP_ROOT} of the workspace. */
    static Path tmpFolder(Path workspace, String tmp) throws IOException {
        Path root = workspace.resolve(TMP_ROOT).normalize();
        Path base = workspace.resolve(tmp).normalize();
        if (!base.startsWith(root) || base.equals(root)) {
            throw new IOException("complianceReport: temporary folder '" + tmp + "' is not below " + TMP_ROOT);
        }
        return base;
    }

    /** A PEM {@code PUBLIC KEY} (EC, RSA or Ed25519) from the workspace, read with the JDK only. */
    static PublicKey publicKey(Workspace ws, String file) throws SecMlOpsException {
        Path p = ws.resolveExisting(file, "trusted key");
        String text;
        try {
            text = Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SecMlOpsException("The trusted key '" + file + "' cannot be read: " + e.getMessage() + ".",
                    "check that it is a readable file in the workspace.", e);
        }
        Matcher m = PUBLIC_KEY_PEM.matcher(text);
        if (!m.find()) {
            throw new SecMlOpsException("The trusted key '" + file + "' is not a PEM public key.",
                    "give the signer's public key ('-----BEGIN PUBLIC KEY-----'), e.g. 'openssl ec -in key.pem -pubout'.");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new SecMlOpsException("The trusted key '" + file + "' holds no EC, RSA or Ed25519 public key.",
                "export the signer's public key again.");
    }
}
