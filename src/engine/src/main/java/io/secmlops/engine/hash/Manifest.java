package io.secmlops.engine.hash;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.Json;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a dataset or model with their digests, sorted by code point. The root digest is SHA-256 over
 * the concatenated raw file digests in that order: the OpenSSF model-signing rule, so one hashing component
 * serves datasets and models alike.
 */
@JsonPropertyOrder({"schemaVersion", "name", "algorithm", "rootDigest", "fileCount", "totalBytes", "files"})
public final class Manifest {
    public static final String SCHEMA_VERSION = "secmlops.manifest/v1";

    private final String name;
    private final String rootDigest;
    private final long totalBytes;
    private final List<ManifestEntry> files;

    private Manifest(String name, String rootDigest, long totalBytes, List<ManifestEntry> files) {
        this.name = name;
        this.rootDigest = rootDigest;
        this.totalBytes = totalBytes;
        this.files = files;
    }

    /** Builds a manifest from entries in code-point order. */
    public static Manifest of(String name, List<ManifestEntry> sortedFiles) {
        long total = 0;
        for (ManifestEntry e : sortedFiles) {
            total += e.size();
        }
        return new Manifest(name, rootDigest(sortedFiles), total, List.copyOf(sortedFiles));
    }

    /** Builds a manifest from listed files in code-point order and their raw digests, without a round trip through hex. */
    static Manifest ofDigests(String name, List<FileEntry> sortedFiles, byte[][] digests) {
        ManifestEntry[] entries = new ManifestEntry[digests.length];
        MessageDigest md = ParallelHasher.sha256();
        long total = 0;
        for (int i = 0; i < digests.length; i++) {
            FileEntry f = sortedFiles.get(i);
            entries[i] = new ManifestEntry(f.path(), f.size(), Hex.of(digests[i]));
            md.update(digests[i]);
            total += entries[i].size();
        }
        return new Manifest(name, Hex.of(md.digest()), total, List.of(entries));
    }

    public static String rootDigest(List<ManifestEntry> sortedFiles) {
        MessageDigest md = ParallelHasher.sha256();
        for (ManifestEntry e : sortedFiles) {
            md.update(Hex.parse(e.sha256()));
        }
        return Hex.of(md.digest());
    }

    @JsonProperty
    public String schemaVersion() {
        return SCHEMA_VERSION;
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public String algorithm() {
        return "sha256";
    }

    @JsonProperty
    public String rootDigest() {
        return rootDigest;
    }

    @JsonProperty
    public int fileCount() {
        return files.size();
    }

    @JsonProperty
    public long totalBytes() {
        return totalBytes;
    }

    @JsonProperty
    public List<ManifestEntry> files() {
        return files;
    }

    /** One file per line: compact for large data sets, and a pinned manifest diffs line by line in git. */
    public byte[] toJson() {
        try {
            return Json.mapper().writer(new OneEntryPerLine()).writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class OneEntryPerLine extends com.fasterxml.jackson.core.util.MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;
        private int depth;

        @Override
        public void writeStartObject(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            depth++;
            super.writeStartObject(g);
        }

        @Override
        public void writeEndObject(com.fasterxml.jackson.core.JsonGenerator g, int entries) throws IOException {
            if (--depth == 0) {
                g.writeRaw('\n');
            }
            super.writeEndObject(g, entries);
        }

        @Override
        public void writeObjectEntrySeparator(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            if (depth == 1) {
                g.writeRaw(",\n ");
            } else {
                g.writeRaw(',');  // once per field of every entry: the single-character form skips a copy
            }
        }

        @Override
        public void beforeObjectEntries(com.fasterxml.jackson.core.JsonGenerator g) {
            try {
                if (depth == 1) {
                    g.writeRaw("\n ");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void beforeArrayValues(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeRaw("\n  ");
        }

        @Override
        public void writeArrayValueSeparator(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeRaw(",\n  ");
        }

        @Override
        public void writeEndArray(com.fasterxml.jackson.core.JsonGenerator g, int values) throws IOException {
            g.writeRaw("\n ");
            super.writeEndArray(g, values);
        }
    }

    private record Wire(@JsonProperty("schemaVersion") String schemaVersion, @JsonProperty("name") String name,
                        @JsonProperty("algorithm") String algorithm, @JsonProperty("rootDigest") String rootDigest,
                        @JsonProperty("fileCount") Integer fileCount, @JsonProperty("totalBytes") Long totalBytes,
                        @JsonProperty("files") List<ManifestEntry> files) {
        @JsonCreator
        Wire {
        }
    }

    /**
     * Reads and checks a manifest: schema, sort order, digests' form, counts and the root digest must all agree,
     * so a hand-edited or truncated manifest is refused rather than trusted.
     *
     * @param source where it came from, for messages
     */
    public static Manifest read(byte[] json, String source) throws SecMlOpsException {
        Wire w;
        try {
            w = Json.mapper().readValue(json, Wire.class);
        } catch (IOException e) {
            throw malformed(source, "it is not valid manifest JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (w == null || !SCHEMA_VERSION.equals(w.schemaVersion())) {
            throw malformed(source, "schemaVersion is " + (w == null ? "missing" : "'" + w.schemaVersion() + "'")
                    + ", expected '" + SCHEMA_VERSION + "'");
        }
        if (w.files() == null || w.rootDigest() == null) {
            throw malformed(source, "'files' or 'rootDigest' is missing");
        }
        List<ManifestEntry> files = new ArrayList<>(w.files().size());
        String previous = null;
        for (ManifestEntry e : w.files()) {
            if (e == null || e.path() == null || !Hex.isSha256(e.sha256()) || e.size() < 0) {
                throw malformed(source, "entry " + files.size() + " lacks a path, a size or a 64-digit hex sha256");
            }
            if (previous != null && CodePointOrder.INSTANCE.compare(previous, e.path()) >= 0) {
                throw malformed(source, "entries are not sorted by path or repeat a path ('" + e.path() + "')");
            }
            previous = e.path();
            files.add(e);
        }
        Manifest m = of(w.name(), files);
        if (!m.rootDigest().equals(w.rootDigest())) {
            throw malformed(source, "its rootDigest does not match its files (edited or truncated?)");
        }
        if (w.fileCount() != null && w.fileCount() != files.size()) {
            throw malformed(source, "fileCount says " + w.fileCount() + " but it lists " + files.size() + " files");
        }
        return m;
    }

    private static SecMlOpsException malformed(String source, String why) {
        return new SecMlOpsException("The manifest '" + source + "' is malformed: " + why + ".",
                "point to a manifest written by secmlops (manifest.json), unmodified.");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
