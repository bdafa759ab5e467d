package io.jenkins.plugins.secmlops.signing;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.util.Secret;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Dsse;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.Statement;
import io.secmlops.signing.DetachedSignature;
import io.secmlops.signing.KeyLoader;
import io.secmlops.signing.ModelSigning;
import io.secmlops.signing.Oms;
import io.secmlops.signing.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * The middle of {@code modelSign}, on the controller: reads the private key from the Jenkins credential, signs the
 * statement the agent prepared, and returns only the signature and the public verification material. The key and the
 * passphrase stay in this class's local variables: never in a field, a log line, an exception message or anything
 * sent to the agent. Key bytes and passphrase characters are overwritten once the key is parsed.
 *
 * <ul>
 * <li>Secret file: an unencrypted PEM key, PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}); PEM
 * certificates in the same file make it certificate mode. A secret file has no passphrase field, so an encrypted key
 * is refused with the fix (Jenkins already encrypts credentials at rest).</li>
 * <li>Certificate: the PKCS#12 key store's first key entry, opened with the credential's password, and that entry's
 * chain (certificate mode).</li>
 * </ul>
 */
public final class ControllerSigner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControllerSigner() {
    }

    /**
     * Signs {@code prepared} with the key in {@code credential} ({@code id} names it in messages).
     *
     * @throws AbortException for a key that cannot be used, or a statement that is not an OMS model statement
     */
    public static ModelSignature sign(PreparedModel prepared, StandardCredentials credential, String id, PrintStream log)
            throws IOException {
        checkStatement(prepared);
        String source = "credential '" + id + "'";
        try {
            SigningKey key = load(credential, id, source, "modelSign");
            DetachedSignature signature = ModelSigning.sign(SigningForms.engine(prepared), key);
            log.println("modelSign: signed the statement of '" + prepared.modelName() + "' (root sha256:"
                    + prepared.rootDigest() + ") on the controller with " + source + ": ECDSA " + key.curve() + " key "
                    + key.hint() + (key.hasCertificate() ? ", certificate mode" : ""));
            return SigningForms.of(signature);
        } catch (SecMlOpsException e) {
            throw new AbortException("modelSign: " + e.oneLine());
        }
    }

    /**
     * Signs an in-toto statement built on the controller (complianceReport: the digests of the report files the
     * controller holds) as a DSSE envelope with the key in {@code credential}; returns the envelope's JSON. The key is
     * loaded, used and dropped here, exactly as for {@code modelSign}.
     *
     * @param step names the step in messages
     */
    public static byte[] signStatement(Statement statement, StandardCredentials credential, String id, String step,
                                       PrintStream log) throws IOException {
        String source = "credential '" + id + "'";
        try {
            SigningKey key = load(credential, id, source, step);
            byte[] envelope = Evidence.json(Dsse.envelope(statement).signedBy(key));
            log.println(step + ": signed the report statement (" + statement.subject().size() + " subjects) on the "
                    + "controller with " + source + ": ECDSA " + key.curve() + " key " + key.hint());
            return envelope;
        } catch (SecMlOpsException e) {
            throw new AbortException(step + ": " + e.oneLine());
        } catch (GeneralSecurityException e) {
            throw new AbortException(step + ": the key in " + source + " cannot sign (" + e.getClass().getSimpleName()
                    + "). Fix: use an ECDSA P-256/P-384 key, as for modelSign.");
        }
    }

    private static SigningKey load(StandardCredentials credential, String id, String source, String step)
            throws IOException, SecMlOpsException {
        if (credential instanceof StandardCertificateCredentials cert) {
            return fromKeyStore(cert, id, source, step);
        }
        byte[] pem;
        try (InputStream in = ((FileCredentials) credential).getContent()) {
            pem = in.readAllBytes();
        }
        try {
            if (encrypted(pem)) {
                throw new AbortException(step + ": the private key in " + source + " is encrypted, and a secret file "
                        + "credential has no passphrase. Fix: store the key unencrypted in the secret file (Jenkins "
                        + "encrypts credentials at rest), e.g. 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem', "
                        + "or use a certificate credential (PKCS#12 key store and its password).");
            }
            return KeyLoader.load(pem, null, source);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    private static boolean encrypted(byte[] pem) {
        String text = new String(pem, StandardCharsets.ISO_8859_1);
        return text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED");
    }

    private static SigningKey fromKeyStore(StandardCertificateCredentials cert, String id, String source, String step)
            throws AbortException, SecMlOpsException {
        KeyStore keyStore = cert.getKeyStore();
        Secret password = cert.getPassword();
        char[] passphrase = password == null ? new char[0] : password.getPlainText().toCharArray();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (!keyStore.isKeyEntry(alias)) {
                    continue;
                }
                Key key = keyStore.getKey(alias, passphrase);
                if (!(key instanceof PrivateKey privateKey)) {
                    continue;
                }
                List<X509Certificate> chain = new ArrayList<>();
                Certificate[] certificates = keyStore.getCertificateChain(alias);
                if (certificates != null) {
                    for (Certificate c : certificates) {
                        if (c instanceof X509Certificate x) {
                            chain.add(x);
                        }
                    }
                }
                SigningKey signingKey = SigningKey.of(privateKey, source);
                return chain.isEmpty() ? signingKey : signingKey.withCertificateChain(chain);
            }
        } catch (UnrecoverableKeyException e) {
            throw new AbortException(step + ": the private key in " + source + " cannot be opened with the credential's "
                    + "password. Fix: update the certificate credential '" + id + "' with the key store's password.");
        } catch (GeneralSecurityException e) {
            throw new AbortException(step + ": the key store of " + source + " cannot be read ("
                    + e.getClass().getSimpleName() + "). Fix: upload the PKCS#12 file to the credential again.");
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        throw new AbortException(step + ": the key store of " + source + " holds no private key. Fix: export the "
                + "signing key together with its certificate chain into the PKCS#12 file.");
    }

    /**
     * The controller signs only what the agent could have produced from a model: an in-toto statement with the OMS
     * predicate whose subject digest is the prepared root digest. Anything else (an agent asking the controller to
     * sign arbitrary data) is refused.
     */
    static void checkStatement(PreparedModel prepared) throws AbortException {
        byte[] payload = prepared.payload();
        boolean ok = false;
        if (payload != null) {
            try {
                JsonNode statement = JSON.readTree(payload);
                JsonNode subjects = statement.path("subject");
                ok = Oms.STATEMENT_TYPE.equals(statement.path("_type").asText())
                        && Oms.PREDICATE_TYPE.equals(statement.path("predicateType").asText())
                        && subjects.isArray() && subjects.size() == 1
                        && prepared.rootDigest() != null
                        && prepared.rootDigest().equals(subjects.get(0).path("digest").path("sha256").asText());
            } catch (IOException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new AbortException("modelSign: the statement prepared on the agent is not an OpenSSF model signing "
                    + "statement of the model's root digest; the controller refuses to sign it. Fix: run the step again "
                    + "on a trusted agent.");
        }
    }
}
