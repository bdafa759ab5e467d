package io.jenkins.plugins.secmlops.signing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A hashed model ready to be signed, as {@code modelSign}'s first agent call returns it: the engine's
 * {@code PreparedSignature} in JDK types, so it crosses the channel (JEP-200 accepts plugin classes, not the signing
 * library's). It travels agent → controller, which signs {@link #payload()}, and back to the agent with the signature.
 * It holds nothing secret. Or, when the engine refused the input, only its one-line message.
 */
public final class PreparedModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String refusal;
    private final String modelPath;
    private final String modelRelative;
    private final String modelName;
    private final String signaturePath;
    private final String signatureRelative;
    private final String evidenceName;
    private final String method;
    private final long shardSize;
    private final boolean allowSymlinks;
    private final ArrayList<String> ignorePaths;
    private final ArrayList<String> userIgnorePaths;
    private final int fileCount;
    private final long totalBytes;
    private final int resourceCount;
    private final String rootDigest;
    private final byte[] payload;
    private final ScanResult scan;

    /** The engine's prepared signature, field by field (see {@code io.secmlops.signing.PreparedSignature}). */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public PreparedModel(String modelPath, String modelRelative, String modelName, String signaturePath,
                         String signatureRelative, String evidenceName, String method, long shardSize,
                         boolean allowSymlinks, List<String> ignorePaths, List<String> userIgnorePaths, int fileCount,
                         long totalBytes, int resourceCount, String rootDigest, byte[] payload, ScanResult scan) {
        this(null, modelPath, modelRelative, modelName, signaturePath, signatureRelative, evidenceName, method,
                shardSize, allowSymlinks, ignorePaths, userIgnorePaths, fileCount, totalBytes, resourceCount, rootDigest,
                payload, scan);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private PreparedModel(String refusal, String modelPath, String modelRelative, String modelName,
                          String signaturePath, String signatureRelative, String evidenceName, String method,
                          long shardSize, boolean allowSymlinks, List<String> ignorePaths,
                          List<String> userIgnorePaths, int fileCount, long totalBytes, int resourceCount,
                          String rootDigest, byte[] payload, ScanResult scan) {
        this.refusal = refusal;
        this.modelPath = modelPath;
        this.modelRelative = modelRelative;
        this.modelName = modelName;
        this.signaturePath = signaturePath;
        this.signatureRelative = signatureRelative;
        this.evidenceName = evidenceName;
        this.method = method;
        this.shardSize = shardSize;
        this.allowSymlinks = allowSymlinks;
        this.ignorePaths = new ArrayList<>(ignorePaths);
        this.userIgnorePaths = new ArrayList<>(userIgnorePaths);
        this.fileCount = fileCount;
        this.totalBytes = totalBytes;
        this.resourceCount = resourceCount;
        this.rootDigest = rootDigest;
        this.payload = payload == null ? null : payload.clone();
        this.scan = scan;
    }

    /** The engine refused the input before hashing anything; {@code message} is its one line with the fix. */
    public static PreparedModel refused(String message) {
        return new PreparedModel(message, null, null, null, null, null, null, null, 0, false, List.of(), List.of(), 0,
                0, 0, null, null, null);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public String refusal() {
        return refusal;
    }

    public String modelPath() {
        return modelPath;
    }

    public String modelRelative() {
        return modelRelative;
    }

    public String modelName() {
        return modelName;
    }

    public String signaturePath() {
        return signaturePath;
    }

    public String signatureRelative() {
        return signatureRelative;
    }

    public String evidenceName() {
        return evidenceName;
    }

    public String method() {
        return method;
    }

    public long shardSize() {
        return shardSize;
    }

    public boolean allowSymlinks() {
        return allowSymlinks;
    }

    public List<String> ignorePaths() {
        return Collections.unmodifiableList(ignorePaths);
    }

    public List<String> userIgnorePaths() {
        return Collections.unmodifiableList(userIgnorePaths);
    }

    public int fileCount() {
        return fileCount;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public int resourceCount() {
        return resourceCount;
    }

    public String rootDigest() {
        return rootDigest;
    }

    /** What the artifact scan found in the files to sign, and the override if one was given. */
    public ScanResult scan() {
        return scan;
    }

    /** The in-toto statement whose DSSE pre-authentication encoding is signed. */
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }
}
