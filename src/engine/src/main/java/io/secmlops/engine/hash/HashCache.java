package io.secmlops.engine.hash;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers digests of files that have not changed since they were hashed, keyed on path, size, modification
 * time and file key (device and inode). It only speeds up recording: verification never reads it.
 *
 * <p>A file modified within {@link #RACY_MARGIN_NANOS} of its hashing is not remembered, because a coarse
 * file-system clock could give a later edit the same modification time (git's "racy clean" problem).
 *
 * <p>Stored in a compact binary form and rewritten only when something changed, so re-recording an unchanged
 * dataset of ten thousand files costs milliseconds.
 */
public final class HashCache {
    private static final int MAGIC = 0x534D4843; // "SMHC"
    private static final int FORMAT = 1;
    static final long RACY_MARGIN_NANOS = 2_000_000_000L;

    /** Kept with its digest in hex, the form the manifest needs, so that a hit costs one map look-up. */
    private record Entry(String path, long size, long mtimeNanos, String fileKey, String sha256) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Entries of the files seen in this run: what {@link #save} writes. */
    private final List<Entry> seen = new ArrayList<>();
    private int hits;
    private boolean changed;

    private HashCache(Path file) {
        this.file = file;
    }

    /** Loads the cache; a missing one is empty, a damaged one is reported and rebuilt. */
    public static HashCache load(Path file, ProgressListener log) {
        HashCache cache = new HashCache(file);
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                log.progress("hash cache " + file + " has an unknown format; rebuilding it");
                return cache;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                long size = in.readLong();
                long mtime = in.readLong();
                String key = in.readUTF();
                byte[] digest = new byte[32];
                in.readFully(digest);
                cache.entries.put(path, new Entry(path, size, mtime, key.isEmpty() ? null : key, Hex.of(digest)));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes");
            }
        } catch (NoSuchFileException e) {
            // first run
        } catch (EOFException e) {
            cache.entries.clear();
            log.progress("hash cache " + file + " is truncated; rebuilding it");
        } catch (IOException | RuntimeException e) {
            cache.entries.clear();
            log.progress("hash cache " + file + " is damaged (" + e.getMessage() + "); rebuilding it");
        }
        return cache;
    }

    /** The remembered hex digest of {@code f}, or null when unknown or when anything about the file changed. */
    public String lookup(FileEntry f) {
        Entry e = entries.get(f.path());
        if (e != null && e.size() == f.size() && e.mtimeNanos() == f.mtimeNanos() && Objects.equals(e.fileKey(), f.fileKey())) {
            seen.add(e);
            hits++;
            return e.sha256();
        }
        return null;
    }

    /** Remembers a digest computed at {@code hashedAtNanos} (epoch nanoseconds, taken before reading). */
    public void put(FileEntry f, String sha256, long hashedAtNanos) {
        changed = true;
        if (f.mtimeNanos() + RACY_MARGIN_NANOS < hashedAtNanos) {
            seen.add(new Entry(f.path(), f.size(), f.mtimeNanos(), f.fileKey(), sha256));
        }
    }

    public int hits() {
        return hits;
    }

    /** Writes the entries seen in this run (files since deleted drop out); does nothing when nothing changed. */
    public void save() throws IOException {
        if (!changed && hits == entries.size()) {
            return;  // every remembered file was seen unchanged (a path is looked up once per run)
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(seen.size() * 128 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(seen.size());
            for (Entry e : seen) {
                out.writeUTF(e.path());
                out.writeLong(e.size());
                out.writeLong(e.mtimeNanos());
                out.writeUTF(e.fileKey() == null ? "" : e.fileKey());
                out.write(Hex.parse(e.sha256()));
            }
        }
        AtomicFiles.write(file, bytes.toByteArray(), false);
    }

    @Override
    public String toString() {
        return "HashCache[" + file + ", " + entries.size() + " entries]";
    }

}
