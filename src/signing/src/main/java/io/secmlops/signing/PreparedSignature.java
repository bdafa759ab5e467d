package io.secmlops.signing;

import io.secmlops.engine.evidence.Dsse;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A hashed model ready to be signed: the in-toto statement payload and what {@code write} needs afterwards.
 * Plain strings, numbers and bytes, so the Jenkins layer can send it from the agent to the controller (which
 * signs {@link #pae()}) and back. Holds nothing secret.
 *
 * @param modelPath          absolute path of the model on the agent
 * @param modelRelative      the model as a workspace-relative path, for evidence
 * @param modelName          the subject name (the model's folder or file name)
 * @param signaturePath      absolute path where the bundle goes
 * @param signatureRelative  the bundle as a workspace-relative path, for evidence
 * @param evidenceName       the evidence record's name
 * @param method             serialisation method
 * @param shardSize          shard size, 0 for {@code files}
 * @param allowSymlinks      as signed
 * @param ignorePaths        as recorded in the predicate (git paths, user paths, the signature file if inside)
 * @param userIgnorePaths    the user's ignore paths, for evidence
 * @param fileCount          regular files covered by the signature (zero-byte files are not, with {@code shards})
 * @param totalBytes         their total size
 * @param resourceCount      resources in the predicate (files, or shards)
 * @param rootDigest         the subject digest
 * @param payload            the statement JSON, exactly the bytes that are signed (through PAE)
 * @param scan               what the artifact scan found in the signed files (not part of the signed statement)
 */
public record PreparedSignature(String modelPath, String modelRelative, String modelName, String signaturePath,
                                String signatureRelative, String evidenceName, String method, long shardSize,
                                boolean allowSymlinks, List<String> ignorePaths, List<String> userIgnorePaths,
                                int fileCount, long totalBytes, int resourceCount, String rootDigest,
                                byte[] payload, ScanSummary scan) implements Serializable {
    private static final long serialVersionUID = 2L;

    public PreparedSignature {
        ignorePaths = List.copyOf(ignorePaths);
        userIgnorePaths = List.copyOf(userIgnorePaths);
        payload = payload.clone();
        Objects.requireNonNull(scan, "scan");
    }

    /** The bytes to sign: DSSE pre-authentication encoding of the in-toto payload. */
    public byte[] pae() {
        return Dsse.pae(Oms.PAYLOAD_TYPE, payload);
    }
}
