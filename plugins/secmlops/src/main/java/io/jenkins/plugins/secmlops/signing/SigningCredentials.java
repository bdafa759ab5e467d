package io.jenkins.plugins.secmlops.signing;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * The Jenkins credentials that {@code modelSign} and {@code modelVerify} take: a "Secret file"
 * ({@link FileCredentials}) or a "Certificate" ({@link StandardCertificateCredentials}), looked up for the build with
 * {@link CredentialsProvider#findCredentialById} and tracked with {@link CredentialsProvider#track}. Runs on the
 * controller only; the private key is read from the credential by {@link ControllerSigner} and never leaves it.
 */
public final class SigningCredentials {
    /** What {@code modelSign} accepts, for messages. */
    public static final String SIGNING_KINDS = "a 'Secret file' credential (" + FileCredentials.class.getName()
            + ") holding an unencrypted PEM private key (PKCS#8 or SEC1), or a 'Certificate' credential ("
            + StandardCertificateCredentials.class.getName() + ": PKCS#12 key store and password)";
    /** What {@code modelVerify} accepts, for messages. */
    public static final String TRUST_KINDS = "a 'Secret file' credential (" + FileCredentials.class.getName()
            + ") holding a PEM public key or PEM root certificate(s), or a 'Certificate' credential ("
            + StandardCertificateCredentials.class.getName() + ") whose certificates are trusted";

    private SigningCredentials() {
    }

    /** The signing credential {@code id} for {@code run}, tracked as used by it. */
    public static StandardCredentials forSigning(Run<?, ?> run, String id) throws AbortException {
        return forSigning(run, id, "modelSign");
    }

    /** The same for another step that signs on the controller ({@code complianceReport}); {@code step} names it. */
    public static StandardCredentials forSigning(Run<?, ?> run, String id, String step) throws AbortException {
        return find(run, id, step, SIGNING_KINDS);
    }

    /**
     * The public material of the trust credential {@code id} for {@code run}, tracked as used by it: a public key or
     * certificates, never a private key (which would otherwise travel to the agent).
     */
    public static TrustMaterial forVerifying(Run<?, ?> run, String id) throws IOException {
        StandardCredentials c = find(run, id, "modelVerify", TRUST_KINDS);
        String source = "credential '" + id + "'";
        if (c instanceof StandardCertificateCredentials cert) {
            return new TrustMaterial(TrustMaterial.CERTIFICATES, certificates(cert.getKeyStore(), id), source);
        }
        byte[] content;
        try (InputStream in = ((FileCredentials) c).getContent()) {
            content = in.readAllBytes();
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            throw new AbortException("modelVerify: credential '" + id + "' holds a private key; verifying needs only the "
                    + "public key, and the credential's content would be sent to the agent. Fix: store the public key "
                    + "('openssl ec -in key.pem -pubout') in a secret file credential, or give publicKey: from the workspace.");
        }
        if (!text.contains("-----BEGIN ")) {
            throw new AbortException("modelVerify: credential '" + id + "' is not PEM. Fix: store a PEM public key "
                    + "('-----BEGIN PUBLIC KEY-----') or PEM root certificate(s) in the secret file.");
        }
        String kind = text.contains("-----BEGIN CERTIFICATE-----") ? TrustMaterial.CERTIFICATES : TrustMaterial.PUBLIC_KEY;
        return new TrustMaterial(kind, List.of(content), source);
    }

    private static StandardCredentials find(Run<?, ?> run, String id, String step, String kinds) throws AbortException {
        if (id == null || id.isBlank()) {
            throw new AbortException(step + ": credentialsId is empty. Fix: give the id of " + kinds + ".");
        }
        IdCredentials c = CredentialsProvider.findCredentialById(id, IdCredentials.class, run, List.of());
        if (c == null) {
            throw new AbortException(step + ": no credential with id '" + id + "' is available to this build. Fix: add "
                    + kinds + " with that id (Manage Jenkins > Credentials, or the job's folder), or correct credentialsId.");
        }
        if (!(c instanceof FileCredentials) && !(c instanceof StandardCertificateCredentials)) {
            throw new AbortException(step + ": credential '" + id + "' is of type " + c.getClass().getName()
                    + ", which " + step + " cannot use. Fix: use " + kinds + ".");
        }
        CredentialsProvider.track(run, c);
        return (StandardCredentials) c;
    }

    /** The DER certificates of a key store: each key entry's chain, then trusted certificate entries. */
    static List<byte[]> certificates(KeyStore keyStore, String id) throws AbortException {
        Set<Certificate> found = new LinkedHashSet<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate[] chain = keyStore.getCertificateChain(alias);
                if (chain != null) {
                    Collections.addAll(found, chain);
                } else if (keyStore.getCertificate(alias) != null) {
                    found.add(keyStore.getCertificate(alias));
                }
            }
            List<byte[]> der = new ArrayList<>();
            for (Certificate c : found) {
                der.add(c.getEncoded());
            }
            if (der.isEmpty()) {
                throw new AbortException("modelVerify: the key store of credential '" + id + "' holds no certificate. "
                        + "Fix: use a certificate credential whose key store has the signing certificate's chain.");
            }
            return der;
        } catch (KeyStoreException | CertificateEncodingException e) {
            throw new AbortException("modelVerify: the key store of credential '" + id + "' cannot be read ("
                    + e.getClass().getSimpleName() + "). Fix: upload the PKCS#12 file again.");
        }
    }

    /**
     * Public trust material for the agent.
     *
     * @param kind     {@link #PUBLIC_KEY} or {@link #CERTIFICATES}
     * @param material PEM or DER bytes: one public key, or certificates
     * @param source   names it in messages and evidence ({@code credential 'id'})
     */
    public record TrustMaterial(String kind, List<byte[]> material, String source) {
        public static final String PUBLIC_KEY = "publicKey";
        public static final String CERTIFICATES = "certificates";
    }
}
