package io.secmlops.signing;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.hash.CodePointOrder;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code modelVerify}: checks an OMS signature and then every byte of the model against it, without any hash
 * cache.
 *
 * <p>Problems with the signature itself are errors ({@link SecMlOpsException}, nothing written): a malformed,
 * truncated or edited bundle, a wrong predicate type, missing envelope or verification material, a signature by
 * another key, an unsupported key type or curve, an expired signing certificate, a chain to another root, a
 * keyless Sigstore bundle, a symbolic link or an empty model. A valid signature over different files is a
 * verdict: FAIL, naming the changed, missing and unsigned files (a renamed file shows as one missing and one
 * unsigned).
 *
 * <p>Reads what {@code model_signing} writes in all its released forms: {@code publicKey.hint} or the older
 * {@code publicKey.rawBytes}, {@code x509CertificateChain}, no {@code tlogEntries}, {@code sha256-sharded-<size>}
 * algorithm names, resources in any order.
 */
public final class ModelVerification {
    public static final String KIND = "modelVerify";
    static final int NAMES_IN_EVIDENCE = 100;
    private static final long MAX_BUNDLE_BYTES = 512L << 20;

    private ModelVerification() {
    }

    /** Verifies and writes the {@code modelVerify} evidence record (verdict PASS or FAIL). */
    public static StepResult verify(Workspace workspace, VerifyRequest request, TrustRoot trust, Path outputRoot,
                                    RunEnvironment environment, ProgressListener log) throws SecMlOpsException {
        String name = request.name() != null ? request.name()
                : ModelFiles.modelName(workspace.resolve(request.model(), "model"));
        Evidence evidence = Evidence.begin(KIND, name, environment);
        VerificationReport report = check(workspace, request, trust, outputRoot, log);
        evidence.clock().lap("verify");
        evidence.subject(Subject.sha256(report.modelName(), report.rootDigest()))
                .parameter("model", report.model())
                .parameter("signature", report.signature())
                .parameter("trust", trust.describe())
                .parameter("ignorePaths", request.ignorePaths())
                .parameter("ignoreUnsignedFiles", request.ignoreUnsignedFiles())
                .parameter("allowSymlinks", request.allowSymlinks())
                .result("signer", report.signer().toMap())
                .result("method", report.method())
                .result("fileCount", report.fileCount())
                .result("totalBytes", report.totalBytes())
                .result("resourceCount", report.resourceCount())
                .result("rootDigest", report.rootDigest())
                .result("signedRootDigest", report.signedRootDigest())
                .result("ignoredPaths", report.ignorePaths())
                .result("changedCount", report.changed().size())
                .result("changed", head(report.changed()))
                .result("missingCount", report.missing().size())
                .result("missing", head(report.missing()))
                .result("unsignedCount", report.unsigned().size())
                .result("unsigned", head(report.unsigned()));
        String summary = (report.passed() ? "Verified" : "FAILED to verify") + " model '" + report.modelName() + "' ("
                + ModelFiles.files(report.fileCount()) + ", " + ParallelHasher.bytes(report.totalBytes()) + ") against "
                + report.signature() + "\n  signer: " + report.signer().describe()
                + (report.passed() ? "" : "\n  " + String.join("\n  ", report.reasons()));
        return evidence.commit(outputRoot, report.gate(), summary);
    }

    /**
     * Verifies without writing evidence.
     *
     * @param outputRoot the evidence folder, never part of the model; may be null
     */
    public static VerificationReport check(Workspace workspace, VerifyRequest request, TrustRoot trust, Path outputRoot,
                                           ProgressListener log) throws SecMlOpsException {
        Path model = workspace.resolveExisting(request.model(), "model");
        boolean single = Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS);
        Path signaturePath = request.signature() == null ? ModelSigning.defaultSignature(model, single)
                : workspace.resolve(request.signature(), "signature");
        String signatureRelative = workspace.relative(signaturePath);
        OmsBundle bundle = OmsBundle.parse(readBundle(signaturePath, signatureRelative), signatureRelative);
        SignerIdentity signer = checkSignature(bundle, trust, signatureRelative);
        OmsBundle.SignedModel signed = bundle.statement();
        log.progress(KIND + ": signature by " + signer.describe() + " is valid; checking the files");

        Set<String> ignore = new TreeSet<>(Oms.GIT_PATHS);
        for (String p : signed.ignorePaths()) {
            String clean = ModelFiles.cleanOrNull(p);
            if (clean != null) {
                ignore.add(clean);
            }
        }
        for (String p : request.ignorePaths()) {
            ignore.add(ModelFiles.normalizeIgnorePath(p));
        }
        String signatureInside = ModelSigning.insideModel(model, signaturePath, single);
        if (signatureInside != null) {
            ignore.add(signatureInside);
        }
        Set<Path> excluded = outputRoot == null ? Set.of() : Set.of(outputRoot);
        ModelFiles.Listing listing = ModelFiles.list(model, single ? Set.of() : ignore, request.allowSymlinks(), excluded);

        Map<String, Map<String, String>> expected = byPath(signed.resources());
        if (request.ignoreUnsignedFiles()) {
            listing = listing.filter(expected.keySet());
        }
        int threads = request.threads() > 0 ? request.threads() : ParallelHasher.defaultThreads();
        List<Resource> found = ModelFiles.digest(listing, signed.method(), Math.max(1, signed.shardSize()),
                Oms.shardAlgorithm(signed.shardSize()), threads, log);
        Map<String, Map<String, String>> actual = byPath(found);

        List<String> changed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unsigned = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : expected.entrySet()) {
            Map<String, String> now = actual.get(e.getKey());
            if (now == null) {
                missing.add(e.getKey());
            } else if (!now.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        for (String path : actual.keySet()) {
            if (!expected.containsKey(path)) {
                unsigned.add(path);
            }
        }
        return new VerificationReport(ModelFiles.modelName(model), workspace.relative(model), signatureRelative, signer,
                signed.method().wireName(), ModelFiles.fileCount(found), listing.totalBytes(), signed.resources().size(),
                rootDigestInSignedOrder(signed.resources(), found), signed.rootDigest(), changed, missing, unsigned,
                List.copyOf(ignore));
    }

    /**
     * Checks that {@code bundle} was signed by the trusted key, or by a certificate that chains to a trusted
     * root, is valid now and may sign. Throws on any failure.
     */
    public static SignerIdentity checkSignature(OmsBundle bundle, TrustRoot trust, String source) throws SecMlOpsException {
        byte[] pae = io.secmlops.engine.evidence.Dsse.pae(Oms.PAYLOAD_TYPE, bundle.payload());
        OmsBundle.Material material = bundle.material();
        if (material instanceof OmsBundle.KeylessMaterial) {
            throw new SecMlOpsException("The signature '" + source + "' is a keyless Sigstore signature (Fulcio certificate and "
                    + "Rekor log entry), which this verifier does not check.",
                    "verify it with 'model_signing verify sigstore', or sign the model with a key or a certificate.");
        }
        if (material instanceof OmsBundle.KeyMaterial km) {
            if (trust.kind() != TrustRoot.Kind.PUBLIC_KEY) {
                throw new SecMlOpsException("The signature '" + source + "' was made with a bare key"
                        + (km.hint() == null ? "" : " (hint " + km.hint() + ")") + ", not a certificate.",
                        "verify it with the signer's public key (--public-key / publicKey), not a root certificate.");
            }
            PublicKey key = trust.publicKey();
            EcKeys.Curve curve = EcKeys.curveOf(key, "the public key '" + trust.source() + "'");
            String hint = EcKeys.hint(key);
            if (km.hint() != null && !km.hint().equals(hint)) {
                throw anotherKey(source, "key hint " + km.hint(), hint, trust.source());
            }
            if (km.rawBytes() != null) {
                PublicKey inBundle = KeyLoader.publicKey(km.rawBytes(), source + " (verificationMaterial.publicKey)");
                if (!EcKeys.sameKey(inBundle, key)) {
                    throw anotherKey(source, "key hint " + EcKeys.hint(inBundle), hint, trust.source());
                }
            }
            if (!anyVerifies(key, curve, pae, bundle.signatures())) {
                throw new SecMlOpsException("The signature '" + source + "' does not verify with the public key '" + trust.source() + "' (hint " + hint + ")"
                        + ": it was made by another key, or the signed statement was altered.",
                        "verify with the signer's public key; if it is the right key, the signature file was tampered with.");
            }
            return new SignerIdentity("key", hint, curve.nistName, null, null, null);
        }
        OmsBundle.ChainMaterial cm = (OmsBundle.ChainMaterial) material;
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < cm.certificates().size(); i++) {
            chain.add(Certificates.der(cm.certificates().get(i), "Certificate " + (i + 1) + " of the chain in '" + source + "'"));
        }
        X509Certificate leaf = chain.get(0);
        if (trust.kind() != TrustRoot.Kind.CERTIFICATES) {
            throw new SecMlOpsException("The signature '" + source + "' was made with the certificate '" + Certificates.subject(leaf)
                    + "', not a bare key.", "verify it with the root certificate of its CA (--certificate-chain / certificateChain).");
        }
        Certificates.validateChain(chain, trust.roots(), new Date());
        Certificates.checkUsableForSigning(leaf, "The signing certificate");
        PublicKey key = leaf.getPublicKey();
        EcKeys.Curve curve = EcKeys.curveOf(key, "the key of the signing certificate '" + Certificates.subject(leaf) + "'");
        if (!anyVerifies(key, curve, pae, bundle.signatures())) {
            throw new SecMlOpsException("The signature '" + source + "' does not verify with the key of its certificate '"
                    + Certificates.subject(leaf) + "': the signed statement or the signature was altered.",
                    "get an unmodified signature from the model's publisher.");
        }
        return new SignerIdentity("certificate", EcKeys.hint(key), curve.nistName, Certificates.subject(leaf),
                Certificates.issuer(leaf), Certificates.sha256(leaf));
    }

    private static SecMlOpsException anotherKey(String source, String bundleKey, String givenHint, String givenKey) {
        return new SecMlOpsException("The signature '" + source + "' was made by another key (" + bundleKey
                + ") than the given public key '" + givenKey + "' (hint " + givenHint + ").",
                "verify with the public key of whoever signed the model, or reject the model.");
    }

    private static boolean anyVerifies(PublicKey key, EcKeys.Curve curve, byte[] pae, List<byte[]> signatures) {
        for (byte[] sig : signatures) {
            if (EcKeys.verify(key, curve, pae, sig)) {
                return true;
            }
        }
        return false;
    }

    static byte[] readBundle(Path path, String shown) throws SecMlOpsException {
        if (!Files.isRegularFile(path)) {
            throw new SecMlOpsException("The signature '" + shown + "' does not exist or is not a file.",
                    "give the path of the signature file (model.sig) written when the model was signed.");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BUNDLE_BYTES + 1));
            if (b.length > MAX_BUNDLE_BYTES) {
                throw new SecMlOpsException("The signature '" + shown + "' is larger than " + ParallelHasher.bytes(MAX_BUNDLE_BYTES) + ".",
                        "point to the signature file, not to a model file.");
            }
            return b;
        } catch (IOException e) {
            throw new SecMlOpsException("The signature '" + shown + "' cannot be read: " + e + ".", "make it readable.", e);
        }
    }

    /** Resources grouped by file path (code-point order), each file's resources by name. */
    private static Map<String, Map<String, String>> byPath(List<Resource> resources) {
        Map<String, Map<String, String>> m = new TreeMap<>(CodePointOrder.INSTANCE);
        for (Resource r : resources) {
            m.computeIfAbsent(r.path(), k -> new TreeMap<>()).put(r.name(), r.digest());
        }
        return m;
    }

    /** The root digest of what was found, in the signature's order where names match, then the rest. */
    private static String rootDigestInSignedOrder(List<Resource> signed, List<Resource> found) {
        Map<String, Resource> byName = new LinkedHashMap<>();
        for (Resource r : found) {
            byName.put(r.name(), r);
        }
        List<Resource> ordered = new ArrayList<>();
        for (Resource r : signed) {
            Resource f = byName.remove(r.name());
            if (f != null) {
                ordered.add(f);
            }
        }
        ordered.addAll(byName.values());
        return ordered.isEmpty() ? null : ModelFiles.rootDigest(ordered);
    }

    private static List<String> head(List<String> names) {
        return names.size() <= NAMES_IN_EVIDENCE ? names : names.subList(0, NAMES_IN_EVIDENCE);
    }
}
