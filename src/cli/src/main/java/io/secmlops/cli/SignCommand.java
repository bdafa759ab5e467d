package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.io.Workspace;
import io.secmlops.signing.KeyLoader;
import io.secmlops.signing.ModelSigning;
import io.secmlops.signing.SerializationMethod;
import io.secmlops.signing.SignRequest;
import io.secmlops.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code secmlops sign MODEL --key KEY}: the {@code modelSign} step on the command line. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a model folder (or file) in the OpenSSF Model Signing format (OMS v1.0): a Sigstore bundle "
                + "that 'model_signing verify key|certificate' also accepts, plus an evidence record.",
                "The key is ECDSA P-256, P-384 or P-521: PEM (PKCS#8, SEC1 or encrypted PKCS#8) or PKCS#12 (.p12/.pfx, "
                        + "certificate mode with its chain)."})
final class SignCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model folder (or single file), inside the workspace.")
    String model;

    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "The private key: PEM or PKCS#12. It may live outside the workspace; it is never copied or logged.")
    Path key;

    @Option(names = "--key-passphrase-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the key's passphrase (never pass it as an argument).")
    String passphraseEnv;

    @Option(names = "--certificate-chain", paramLabel = "PEM", split = ",",
            description = "Certificate mode: the signing certificate and its intermediates (PEM, repeatable). The certificate "
                    + "holding the key's public key becomes the leaf.")
    List<Path> certificateChain = new ArrayList<>();

    @Option(names = "--signature", paramLabel = "FILE",
            description = "Where to write the signature (default: model.sig inside the model folder, or FILE.sig beside a "
                    + "single-file model). It is never part of what is signed.")
    String signature;

    @Option(names = "--ignore-paths", paramLabel = "PATH", split = ",",
            description = "Paths relative to the model folder to leave out, with everything below them (repeatable). "
                    + ".git, .gitattributes, .github and .gitignore at the top level always are.")
    List<String> ignorePaths = new ArrayList<>();

    @Option(names = "--method", paramLabel = "files|shards", defaultValue = "files",
            description = "One resource per file (default), or per byte range of --shard-size bytes.")
    String method;

    @Option(names = "--shard-size", paramLabel = "BYTES", description = "Shard size for --method shards (default 1000000000).")
    long shardSize;

    @Option(names = "--allow-symlinks", description = "Follow symbolic links whose targets stay inside the model (refused by default).")
    boolean allowSymlinks;

    @Option(names = "--name", description = "The name of the evidence record (default: the model's folder name).")
    String name;

    @Option(names = "--threads", description = "Hashing threads (default: one per core).")
    int threads;

    @Option(names = "--override-scan", paramLabel = "REASON",
            description = "Sign although the artifact scan finds critical problems (e.g. a pickle that runs os.system), "
                    + "for REASON, which the evidence records with the findings. Without it such a model is refused.")
    String overrideScan;

    @Override
    StepResult execute(ProgressListener progress) throws SecMlOpsException {
        SigningKey signingKey = loadKey();
        SignRequest request = SignRequest.of(model)
                .withSignature(signature)
                .withIgnorePaths(ignorePaths)
                .withMethod(SerializationMethod.parse(method, "--method"))
                .withShardSize(shardSize)
                .withAllowSymlinks(allowSymlinks)
                .withName(name)
                .withThreads(threads);
        if (overrideScan != null) {
            request = request.withOverrideScan(overrideScan);
        }
        return ModelSigning.sign(new Workspace(workspace()), request, signingKey, outputRoot(), RunEnvironment.commandLine(), progress);
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
        SigningKey loaded;
        try {
            loaded = KeyLoader.load(key, passphrase);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        if (certificateChain.isEmpty()) {
            return loaded;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : certificateChain) {
            certs.addAll(KeyLoader.certificates(read(p, "certificate chain"), p.toString()));
        }
        return loaded.withCertificateChain(certs);
    }

    static byte[] read(Path p, String what) throws SecMlOpsException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new SecMlOpsException("The " + what + " file '" + p + "' cannot be read: " + e.getClass().getSimpleName() + ".",
                    "check the path and that the file is readable.", e);
        }
    }
}
