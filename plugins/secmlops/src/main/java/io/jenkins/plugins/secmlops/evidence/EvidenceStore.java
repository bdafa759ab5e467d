package io.jenkins.plugins.secmlops.evidence;

import hudson.model.Run;
import io.secmlops.engine.evidence.Evidence;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The evidence a build recorded, kept on the controller beside the build: {@code <build>/secmlops/evidence/}, one
 * folder per step call, named {@code <seq>-<kind>-<name>} so that repeated and parallel calls never collide. It goes
 * wherever the build goes (archive, deletion, build discarders).
 *
 * <p>A folder is written in a hidden staging folder and renamed into place once complete, so a reader never sees half
 * of it. Names come from the agent, which the controller does not trust: each must be one plain file name.
 */
public final class EvidenceStore {
    /** The store's folder under the build's root folder. */
    public static final String FOLDER = "secmlops/evidence";

    private static final Object LOCK = new Object();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern SEQUENCED = Pattern.compile("(\\d{3,9})-([A-Za-z0-9][A-Za-z0-9._-]*)");

    private final Path root;

    public EvidenceStore(Path root) {
        this.root = root;
    }

    public static EvidenceStore of(Run<?, ?> run) {
        return new EvidenceStore(run.getRootDir().toPath().resolve(FOLDER));
    }

    public Path root() {
        return root;
    }

    /**
     * Stores one step's evidence files as a new folder.
     *
     * @param folder the engine's folder name ({@code kind-name})
     * @return the new folder
     */
    public Path store(String folder, Map<String, byte[]> files) throws IOException {
        requireSafe(folder, "evidence folder");
        for (String file : files.keySet()) {
            requireSafe(file, "evidence file");
        }
        Path staging = stage();
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(staging.resolve(e.getKey()), e.getValue(), StandardOpenOption.CREATE_NEW);
            }
            return commit(staging, folder);
        } finally {
            discard(staging);
        }
    }

    /**
     * A new hidden staging folder inside the store, for a step that fills it itself (complianceReport copies its
     * report there from the agent). Hand it to {@link #commit} once complete, and to {@link #discard} in any case.
     */
    public Path stage() throws IOException {
        Files.createDirectories(root);
        return Files.createTempDirectory(root, ".staging-");
    }

    /** Renames a complete staging folder into place as the next {@code <seq>-<folder>}; readers never see half of it. */
    public Path commit(Path staging, String folder) throws IOException {
        requireSafe(folder, "evidence folder");
        synchronized (LOCK) {
            Path target = root.resolve(String.format("%03d-%s", nextSequence(), folder));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            return target;
        }
    }

    /** Deletes a staging folder that was not committed (a no-op after {@link #commit}). */
    public static void discard(Path staging) {
        deleteTree(staging);
    }

    /** The stored folders, oldest first. */
    public List<Path> folders() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> SEQUENCED.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(EvidenceStore::sequence))
                    .toList();
        }
    }

    /**
     * A file of the newest evidence of one kind and name: for instance the manifest that the last successful build's
     * {@code dataProvenance} of the same dataset recorded.
     */
    public Optional<byte[]> latest(String kind, String name, String file) throws IOException {
        String folder = Evidence.folderName(kind, name);
        List<Path> all = new ArrayList<>(folders());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path dir = all.get(i);
            Path candidate = dir.resolve(file);
            if (unsequenced(dir).equals(folder) && Files.isRegularFile(candidate)) {
                return Optional.of(Files.readAllBytes(candidate));
            }
        }
        return Optional.empty();
    }

    static long sequence(Path folder) {
        Matcher m = SEQUENCED.matcher(folder.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The engine's folder name: the stored name without its sequence number. */
    static String unsequenced(Path folder) {
        Matcher m = SEQUENCED.matcher(folder.getFileName().toString());
        return m.matches() ? m.group(2) : folder.getFileName().toString();
    }

    private long nextSequence() throws IOException {
        long max = 0;
        for (Path p : folders()) {
            max = Math.max(max, sequence(p));
        }
        return max + 1;
    }

    /** Whether {@code name} is one plain file name, as every stored folder and file must be. */
    public static boolean isSafeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }

    private static void requireSafe(String name, String what) throws IOException {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IOException("Refusing to store " + what + " named '" + name
                    + "': expected one plain file name of letters, digits, '.', '_' and '-'.");
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden staging folder is never read
        }
    }
}
