package io.secmlops.engine.hash;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.io.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

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

    private record Entry(String path, long size, long mtimeNanos, String fileKey, byte[] sha256) {
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private final AtomicInteger hits = new AtomicInteger();

    private HashCache(Path file, int expected) {
        this.file = file;
        this.entries = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
    }

    /** Loads the cache; a missing one is empty, a damaged one is reported and rebuilt. */
    public static HashCache load(Path file, ProgressListener log) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new HashCache(file, 0);  // first run
        } catch (IOException e) {
            log.progress("hash cache " + file + " cannot be read (" + e.getMessage() + "); rebuilding it");
            return new HashCache(file, 0);
        }
        // Parsed from one array rather than through a stream: a byte-at-a-time stream costs as much as the listing.
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.getInt() != MAGIC || in.getInt() != FORMAT) {
                log.progress("hash cache " + file + " has an unknown format; rebuilding it");
                return new HashCache(file, 0);
            }
            int n = in.getInt();
            HashCache cache = new HashCache(file, Math.min(n, bytes.length / 50));
            for (int i = 0; i < n; i++) {
                String path = readUtf(in);
                long size = in.getLong();
                long mtime = in.getLong();
                String key = readUtf(in);
                byte[] digest = new byte[32];
                in.get(digest);
                cache.entries.put(path, new Entry(path, size, mtime, key.isEmpty() ? null : key, digest));
            }
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes");
            }
            return cache;
        } catch (BufferUnderflowException e) {
            log.progress("hash cache " + file + " is truncated; rebuilding it");
        } catch (IOException | RuntimeException e) {
            log.progress("hash cache " + file + " is damaged (" + e.getMessage() + "); rebuilding it");
        }
        return new HashCache(file, 0);
    }

    /** A string as {@link DataOutputStream#writeUTF} wrote it; ASCII, the usual case, without a decoder. */
    private static String readUtf(ByteBuffer in) throws IOException {
        int length = Short.toUnsignedInt(in.getShort());
        int start = in.position();
        byte[] a = in.array();
        in.position(start + length);  // underflow is caught as truncation
        for (int i = start; i < start + length; i++) {
            if (a[i] < 0) {
                return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(a, start - 2, length + 2)));
            }
        }
        return new String(a, start, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The remembered SHA-256 of {@code f}, or null when unknown or when anything about the file changed.
     * Safe to call from several threads at once.
     */
    public byte[] lookup(FileEntry f) {
        Entry e = entries.get(f.path());
        if (e != null && e.size() == f.size() && e.mtimeNanos() == f.mtimeNanos() && Objects.equals(e.fileKey(), f.fileKey())) {
            hits.incrementAndGet();
            return e.sha256();
        }
        return null;
    }

    public int hits() {
        return hits.get();
    }

    /**
     * Remembers this run's files (files since deleted drop out), leaving out any modified within
     * {@link #RACY_MARGIN_NANOS} of {@code hashedAtNanos}, when hashing began. Writes nothing when every file came
     * from the cache and none was deleted.
     */
    public void save(List<FileEntry> files, byte[][] digests, long hashedAtNanos) throws IOException {
        if (hits.get() == files.size() && files.size() == entries.size()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(files.size() * 128 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            List<Integer> kept = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                // a file found in the cache passed this test when it was stored, with the same timestamp
                if (files.get(i).mtimeNanos() + RACY_MARGIN_NANOS < hashedAtNanos) {
                    kept.add(i);
                }
            }
            out.writeInt(kept.size());
            for (int i : kept) {
                FileEntry f = files.get(i);
                out.writeUTF(f.path());
                out.writeLong(f.size());
                out.writeLong(f.mtimeNanos());
                out.writeUTF(f.fileKey() == null ? "" : f.fileKey());
                out.write(digests[i]);
            }
        }
        AtomicFiles.write(file, bytes.toByteArray(), false);
    }

    @Override
    public String toString() {
        return "HashCache[" + file + ", " + entries.size() + " entries]";
    }

}
