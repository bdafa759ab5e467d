package io.secmlops.engine.hash;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lists a tree and digests every file, taking unchanged files from the cache when one is given. */
public final class TreeDigester {
    private final ParallelHasher hasher;
    private final ProgressListener log;

    public TreeDigester(int threads, ProgressListener log) {
        this.hasher = new ParallelHasher(threads, log);
        this.log = log;
    }

    /**
     * Digests {@code files} (as listed by {@link FileTree}) into a manifest.
     *
     * @param cache null to hash every byte (verification does)
     */
    public Manifest digest(String name, List<FileEntry> files, HashCache cache) throws SecMlOpsException {
        byte[][] digests = new byte[files.size()][];
        if (cache != null) {
            for (int i = 0; i < files.size(); i++) {
                digests[i] = cache.lookup(files.get(i));
            }
        }
        List<HashUnit> todo = new ArrayList<>();
        List<Integer> todoIndex = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (digests[i] == null) {
                todo.add(HashUnit.of(files.get(i)));
                todoIndex.add(i);
            }
        }
        long hashedAt = System.currentTimeMillis() * 1_000_000L;
        List<byte[]> computed = hasher.digest(todo);
        for (int k = 0; k < computed.size(); k++) {
            digests[todoIndex.get(k)] = computed.get(k);
        }
        if (cache != null) {
            try {
                cache.save(files, digests, hashedAt);
            } catch (IOException e) {
                log.progress("warning: could not save the hash cache (" + e + "); the next run hashes everything again");
            }
        }
        return Manifest.ofDigests(name, files, digests);
    }
}
