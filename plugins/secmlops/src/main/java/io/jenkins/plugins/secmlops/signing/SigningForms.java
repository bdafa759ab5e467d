package io.jenkins.plugins.secmlops.signing;

import io.secmlops.signing.DetachedSignature;
import io.secmlops.signing.PreparedSignature;
import io.secmlops.signing.ScanSummary;
import io.secmlops.signing.VerificationMaterial;

/**
 * The signing library's records and their JDK-typed forms that cross the channel ({@link PreparedModel},
 * {@link ModelSignature}), field for field. Used on the agent by the step's callables and on the controller by
 * {@link ControllerSigner}; the library's own classes never cross (JEP-200).
 */
public final class SigningForms {
    private SigningForms() {
    }

    public static PreparedModel of(PreparedSignature p) {
        return new PreparedModel(p.modelPath(), p.modelRelative(), p.modelName(), p.signaturePath(),
                p.signatureRelative(), p.evidenceName(), p.method(), p.shardSize(), p.allowSymlinks(), p.ignorePaths(),
                p.userIgnorePaths(), p.fileCount(), p.totalBytes(), p.resourceCount(), p.rootDigest(), p.payload(),
                of(p.scan()));
    }

    public static PreparedSignature engine(PreparedModel p) {
        return new PreparedSignature(p.modelPath(), p.modelRelative(), p.modelName(), p.signaturePath(),
                p.signatureRelative(), p.evidenceName(), p.method(), p.shardSize(), p.allowSymlinks(), p.ignorePaths(),
                p.userIgnorePaths(), p.fileCount(), p.totalBytes(), p.resourceCount(), p.rootDigest(), p.payload(),
                engine(p.scan()));
    }

    public static ScanResult of(ScanSummary s) {
        return new ScanResult(s.filesScanned(), s.findings(), s.critical(), s.high(), s.overridden(), s.overrideReason());
    }

    public static ScanSummary engine(ScanResult s) {
        return new ScanSummary(s.filesScanned(), s.findings(), s.critical(), s.high(), s.overridden(), s.overrideReason());
    }

    public static ModelSignature of(DetachedSignature d) {
        return new ModelSignature(d.signature(), d.material().publicKeySpki(), d.material().certificates());
    }

    public static DetachedSignature engine(ModelSignature s) {
        return new DetachedSignature(s.signature(), new VerificationMaterial(s.publicKeySpki(), s.certificates()));
    }
}
