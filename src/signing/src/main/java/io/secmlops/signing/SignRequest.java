package io.secmlops.signing;

import java.io.Serializable;
import java.util.List;

/**
 * What to sign and how: the parameters of {@code modelSign} and {@code secmlops sign}. Paths are as the user
 * wrote them, relative to the workspace.
 *
 * @param model         the model folder, or a single model file
 * @param signature     where to write the bundle; null for the default: {@code model.sig} inside the model
 *                      folder, or {@code <file>.sig} beside a single-file model. The signature file is always
 *                      left out of what is signed.
 * @param ignorePaths   paths relative to the model root left out of the signature, with everything below them
 *                      ({@code .git}, {@code .gitattributes}, {@code .github}, {@code .gitignore} at the top level
 *                      always are)
 * @param method        {@code files} (default) or {@code shards}
 * @param shardSize     bytes per shard for {@code shards}; 0 for the default 1,000,000,000
 * @param allowSymlinks follow symbolic links that stay inside the model (refused by default)
 * @param name          the name of the evidence record; null for the model's folder name
 * @param threads       hashing threads; 0 for one per core
 * @param overrideScan  sign although the artifact scan has critical findings; the signing evidence records it
 * @param overrideScanReason why the model is trusted anyway: required (non-blank) when {@code overrideScan} is set
 */
public record SignRequest(String model, String signature, List<String> ignorePaths, SerializationMethod method,
                          long shardSize, boolean allowSymlinks, String name, int threads, boolean overrideScan,
                          String overrideScanReason) implements Serializable {
    private static final long serialVersionUID = 2L;

    public SignRequest {
        ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
        method = method == null ? SerializationMethod.FILES : method;
        signature = signature == null || signature.isBlank() ? null : signature;
        name = name == null || name.isBlank() ? null : name;
    }

    /** Without the scan override. */
    public SignRequest(String model, String signature, List<String> ignorePaths, SerializationMethod method,
                       long shardSize, boolean allowSymlinks, String name, int threads) {
        this(model, signature, ignorePaths, method, shardSize, allowSymlinks, name, threads, false, null);
    }

    /** The defaults for {@code model}. */
    public static SignRequest of(String model) {
        return new SignRequest(model, null, List.of(), SerializationMethod.FILES, 0, false, null, 0);
    }

    /**
     * Signs although the artifact scan finds critical problems, for {@code reason} (recorded in the evidence). A
     * blank reason is refused by {@link ModelSigning#prepare}.
     */
    public SignRequest withOverrideScan(String reason) {
        return new SignRequest(model, signature, ignorePaths, method, shardSize, allowSymlinks, name, threads, true, reason);
    }

    public SignRequest withSignature(String value) {
        return new SignRequest(model, value, ignorePaths, method, shardSize, allowSymlinks, name, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withIgnorePaths(List<String> value) {
        return new SignRequest(model, signature, value, method, shardSize, allowSymlinks, name, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withMethod(SerializationMethod value) {
        return new SignRequest(model, signature, ignorePaths, value, shardSize, allowSymlinks, name, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withShardSize(long value) {
        return new SignRequest(model, signature, ignorePaths, method, value, allowSymlinks, name, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withAllowSymlinks(boolean value) {
        return new SignRequest(model, signature, ignorePaths, method, shardSize, value, name, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withName(String value) {
        return new SignRequest(model, signature, ignorePaths, method, shardSize, allowSymlinks, value, threads, overrideScan, overrideScanReason);
    }

    public SignRequest withThreads(int value) {
        return new SignRequest(model, signature, ignorePaths, method, shardSize, allowSymlinks, name, value, overrideScan, overrideScanReason);
    }
}
