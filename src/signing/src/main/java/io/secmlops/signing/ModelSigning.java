package io.secmlops.signing;

import io.secmlops.audit.Severity;
import io.secmlops.audit.artifacts.ArtifactScan;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Dsse;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.AtomicFiles;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code modelSign}: signs a model in the OpenSSF Model Signing format (OMS v1.0), as {@code model_signing sign
 * key|certificate} does, so {@code model_signing verify} accepts the result.
 *
 * <p>Three calls, so the private key never leaves where it is kept:
 * <ol>
 *   <li>{@link #prepare} where the model is (a Jenkins agent): list, hash, build the statement;</li>
 *   <li>{@link #sign(PreparedSignature, SigningKey)} where the key is (the Jenkins controller): sign the PAE;</li>
 *   <li>{@link #write} where the model is: assemble the bundle, write it atomically, write the evidence.</li>
 * </ol>
 * {@link #sign(Workspace, SignRequest, SigningKey, Path, RunEnvironment, ProgressListener)} runs all three in
 * one process (the CLI).
 *
 * <p>The signature file defaults to {@code model.sig} inside the model folder (where {@code model_signing}'s
 * own tests put it, so the folder travels with its signature), or {@code <file>.sig} beside a single-file
 * model. Whatever its path, the signature file is left out of what is signed and, when inside the model,
 * recorded in {@code ignore_paths} so verifiers leave it out too.
 */
public final class ModelSigning {
    public static final String KIND = "modelSign";

    private ModelSigning() {
    }

    /**
     * Step 1, on the machine holding the model: lists it, scans the listed files for code that loading would run
     * ({@link ArtifactScan#beforeSigning(List, boolean, String)}: critical findings refuse signing unless the request
     * overrides with a reason), hashes them (every byte, no cache) and builds the statement to sign.
     *
     * @param outputRoot the evidence folder, never part of the model; may be null
     */
    public static PreparedSignature prepare(Workspace workspace, SignRequest request, Path outputRoot, ProgressListener log)
            throws SecMlOpsException {
        Path model = workspace.resolveExisting(request.model(), "model");
        boolean single = Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS);
        Path signature = request.signature() == null ? defaultSignature(model, single)
                : workspace.resolve(request.signature(), "signature path");
        checkSignaturePath(model, signature);

        SerializationMethod method = request.method();
        if (request.shardSize() < 0) {
            throw new SecMlOpsException("Parameter shardSize is " + request.shardSize() + ".", "give a positive number of bytes.");
        }
        long shardSize = 0;
        if (method == SerializationMethod.SHARDS) {
            shardSize = request.shardSize() > 0 ? request.shardSize() : Oms.DEFAULT_SHARD_SIZE;
        } else if (request.shardSize() > 0) {
            throw new SecMlOpsException("Parameter shardSize (" + request.shardSize() + ") applies only to method 'shards'.",
                    "set method to 'shards', or leave shardSize out.");
        }

        List<String> userIgnore = new ArrayList<>();
        for (String p : request.ignorePaths()) {
            userIgnore.add(ModelFiles.normalizeIgnorePath(p));
        }
        Set<String> ignore = new TreeSet<>(Oms.GIT_PATHS);
        ignore.addAll(userIgnore);
        String signatureInside = insideModel(model, signature, single);
        if (signatureInside != null) {
            ignore.add(signatureInside);
        }
        Set<Path> excluded = outputRoot == null ? Set.of() : Set.of(outputRoot);
        ModelFiles.Listing listing = ModelFiles.list(model, single ? Set.of() : ignore, request.allowSymlinks(), excluded);
        for (var f : listing.files()) {
            if (!single && f.path().equals(Oms.DEFAULT_SIGNATURE_NAME)) {
                log.progress("warning: '" + workspace.relative(f.file()) + "' looks like an older signature and is signed as a model "
                        + "file; add it to ignorePaths to leave it out");
            }
        }
        // Scan before hashing: a refused model costs no hashing, and the scan sees exactly the files that get signed.
        ArtifactScan.SigningCheck check = ArtifactScan.beforeSigning(listing.files(), request.overrideScan(),
                request.overrideScanReason());
        ScanSummary scan = new ScanSummary((int) check.report().scannedCount(), check.report().countBySeverity(),
                check.first(Severity.CRITICAL), check.first(Severity.HIGH), check.overridden(), check.reason());
        log.progress(KIND + ": " + scan.describe());
        if (scan.overridden()) {
            scan.critical().forEach(f -> log.progress("  " + f));
        }
        int threads = request.threads() > 0 ? request.threads() : ParallelHasher.defaultThreads();
        log.progress(KIND + ": hashing " + ModelFiles.files(listing.files().size()) + " (" + ParallelHasher.bytes(listing.totalBytes())
                + ") of '" + workspace.relative(model) + "', method " + method.wireName() + ", " + threads + " threads");
        List<Resource> resources = ModelFiles.digest(listing, method, shardSize, Oms.shardAlgorithm(shardSize), threads, log);
        if (resources.isEmpty()) {
            throw new SecMlOpsException("Every file of the model '" + workspace.relative(model) + "' is empty, and the shards "
                    + "method leaves zero-byte files out: there is nothing to sign.", "use method 'files'.");
        }
        String root = ModelFiles.rootDigest(resources);
        String modelName = ModelFiles.modelName(model);
        List<String> recorded = List.copyOf(ignore);
        byte[] payload = OmsBundle.statementPayload(modelName, root, method, shardSize, request.allowSymlinks(), recorded, resources);
        return new PreparedSignature(model.toAbsolutePath().normalize().toString(), workspace.relative(model), modelName,
                signature.toAbsolutePath().normalize().toString(), workspace.relative(signature),
                request.name() == null ? modelName : request.name(), method.wireName(), shardSize, request.allowSymlinks(),
                recorded, userIgnore, ModelFiles.fileCount(resources), listing.totalBytes(), resources.size(), root, payload, scan);
    }

    /** Step 2, where the key is: signs the prepared PAE with a {@link SigningKey}. */
    public static DetachedSignature sign(PreparedSignature prepared, SigningKey key) throws SecMlOpsException {
        return sign(prepared, key, key.material());
    }

    /**
     * Step 2 with any DSSE signer (an HSM, a remote service) and the public material it corresponds to. The
     * signature is checked against {@code material} at once, so a signer/material mismatch fails here.
     */
    public static DetachedSignature sign(PreparedSignature prepared, Dsse.Signer signer, VerificationMaterial material)
            throws SecMlOpsException {
        byte[] pae = prepared.pae();
        byte[] sig;
        try {
            sig = signer.sign(pae);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SecMlOpsException("Signing the model statement failed (" + e.getClass().getSimpleName() + ").",
                    "check that the signing key is a usable ECDSA P-256, P-384 or P-521 key.");
        }
        PublicKey key = material.publicKey();
        if (!EcKeys.verify(key, EcKeys.curveOf(key, "the signer's public key"), pae, sig)) {
            throw new SecMlOpsException("The signature just made does not verify with the signer's public key (hint "
                    + EcKeys.hint(key) + ").", "check that the verification material belongs to the signing key.");
        }
        return new DetachedSignature(sig, material);
    }

    /**
     * Step 3, on the machine holding the model: checks the signature against the prepared statement, writes the
     * bundle atomically to the signature path and the {@code modelSign} evidence record under
     * {@code outputRoot}.
     */
    public static StepResult write(PreparedSignature prepared, DetachedSignature signature, Path outputRoot,
                                   RunEnvironment environment, ProgressListener log) throws SecMlOpsException {
        VerificationMaterial material = signature.material();
        PublicKey key = material.publicKey();
        EcKeys.Curve curve = EcKeys.curveOf(key, "the signer's public key");
        if (!EcKeys.verify(key, curve, prepared.pae(), signature.signature())) {
            throw new SecMlOpsException("The signature does not match the prepared model statement or the signer's public key.",
                    "run the signing step again; do not mix the results of two signing runs.");
        }
        SignerIdentity signer;
        if (material.isCertificate()) {
            List<X509Certificate> chain = material.chain();
            X509Certificate leaf = chain.get(0);
            if (!EcKeys.sameKey(leaf.getPublicKey(), key)) {
                throw new SecMlOpsException("The signing certificate '" + Certificates.subject(leaf) + "' does not hold the signing key.",
                        "give the certificate issued for the signing key.");
            }
            Certificates.checkValidity(leaf, new Date(), "The signing certificate");
            Certificates.checkUsableForSigning(leaf, "The signing certificate");
            signer = new SignerIdentity("certificate", EcKeys.hint(key), curve.nistName, Certificates.subject(leaf),
                    Certificates.issuer(leaf), Certificates.sha256(leaf));
        } else {
            signer = new SignerIdentity("key", EcKeys.hint(key), curve.nistName, null, null, null);
        }
        Path signaturePath = Path.of(prepared.signaturePath());
        byte[] bundle = OmsBundle.bundleJson(prepared.payload(), signature.signature(), material);
        OmsBundle.parse(bundle, prepared.signatureRelative());

        Evidence evidence = Evidence.begin(KIND, prepared.evidenceName(), environment)
                .subject(Subject.sha256(prepared.modelName(), prepared.rootDigest()))
                .parameter("model", prepared.modelRelative())
                .parameter("signature", prepared.signatureRelative())
                .parameter("method", prepared.method())
                .parameter("shardSize", prepared.shardSize() > 0 ? prepared.shardSize() : null)
                .parameter("ignorePaths", prepared.userIgnorePaths())
                .parameter("allowSymlinks", prepared.allowSymlinks())
                .parameter("overrideScan", prepared.scan().overrideReason())
                .result("format", "OMS v1.0 (" + Oms.PREDICATE_TYPE + "), Sigstore bundle " + Oms.BUNDLE_MEDIA_TYPE)
                .result("signer", signer.toMap())
                .result("method", prepared.method())
                .result("fileCount", prepared.fileCount())
                .result("totalBytes", prepared.totalBytes())
                .result("resourceCount", prepared.resourceCount())
                .result("rootDigest", prepared.rootDigest())
                .result("ignorePaths", prepared.ignorePaths())
                .result("signatureFile", prepared.signatureRelative())
                .result("artifactScan", prepared.scan().toMap())
                .output(evidenceOutputName(signaturePath), bundle);
        try {
            AtomicFiles.write(signaturePath, bundle);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot write the signature '" + prepared.signatureRelative() + "': " + e + ".",
                    "check free disk space and permissions of its folder.", e);
        }
        evidence.clock().lap("write");
        String summary = "Signed model '" + prepared.modelName() + "': " + ModelFiles.files(prepared.fileCount()) + " ("
                + ParallelHasher.bytes(prepared.totalBytes()) + "), method " + prepared.method() + ", root sha256:"
                + prepared.rootDigest() + "\n  signer: " + signer.describe() + "\n  signature: " + prepared.signatureRelative()
                + "\n  " + prepared.scan().describe();
        return evidence.commit(outputRoot, new Gate(), summary);
    }

    /** All three steps in one process, for the command line. */
    public static StepResult sign(Workspace workspace, SignRequest request, SigningKey key, Path outputRoot,
                                  RunEnvironment environment, ProgressListener log) throws SecMlOpsException {
        PreparedSignature prepared = prepare(workspace, request, outputRoot, log);
        return write(prepared, sign(prepared, key), outputRoot, environment, log);
    }

    /** {@code model.sig} inside a model folder; {@code <file>.sig} beside a single-file model. */
    static Path defaultSignature(Path model, boolean singleFile) {
        Path abs = model.toAbsolutePath().normalize();
        return singleFile ? abs.resolveSibling(abs.getFileName() + ".sig") : abs.resolve(Oms.DEFAULT_SIGNATURE_NAME);
    }

    /** The signature's POSIX path relative to a model folder, or null when it lies outside. */
    static String insideModel(Path model, Path signature, boolean singleFile) {
        if (singleFile) {
            return null;
        }
        Path m = model.toAbsolutePath().normalize();
        Path s = signature.toAbsolutePath().normalize();
        if (!s.startsWith(m) || s.equals(m)) {
            return null;
        }
        return m.relativize(s).toString().replace('\\', '/');
    }

    private static void checkSignaturePath(Path model, Path signature) throws SecMlOpsException {
        Path m = model.toAbsolutePath().normalize();
        Path s = signature.toAbsolutePath().normalize();
        if (s.equals(m) || m.startsWith(s)) {
            throw new SecMlOpsException("The signature path '" + signature + "' is the model itself or one of its folders.",
                    "write the signature to a file, e.g. model.sig inside the model folder.");
        }
        if (Files.isDirectory(s)) {
            throw new SecMlOpsException("The signature path '" + signature + "' is a folder.",
                    "give a file name, e.g. " + s.resolve(Oms.DEFAULT_SIGNATURE_NAME) + ".");
        }
        if (Files.isSymbolicLink(s)) {
            throw new SecMlOpsException("The signature path '" + signature + "' is a symbolic link.",
                    "remove the link or write the signature elsewhere.");
        }
    }

    private static String evidenceOutputName(Path signature) {
        String name = signature.getFileName().toString();
        return name.equals(Evidence.RECORD_FILE) || name.equals(Evidence.STATEMENT_FILE) ? "signature.sig" : name;
    }
}
