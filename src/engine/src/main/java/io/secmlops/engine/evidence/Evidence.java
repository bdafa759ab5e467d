package io.secmlops.engine.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.Version;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.AtomicFiles;
import io.secmlops.engine.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds one step's evidence and writes it all at once. Outputs are staged in a hidden folder and the folder is
 * renamed into place only when everything is written, so a failure leaves the previous evidence or none.
 */
public final class Evidence {
    public static final String RECORD_FILE = "evidence.json";
    public static final String STATEMENT_FILE = "evidence.intoto.json";

    private final String kind;
    private final String name;
    private final RunEnvironment environment;
    private final Timings.Clock clock = new Timings.Clock();
    private final List<Subject> subjects = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, byte[]> outputs = new LinkedHashMap<>();
    private final Map<String, String> outputDigests = new LinkedHashMap<>();

    private Evidence(String kind, String name, RunEnvironment environment) {
        this.kind = kind;
        this.name = name;
        this.environment = environment;
    }

    public static Evidence begin(String kind, String name, RunEnvironment environment) {
        return new Evidence(kind, name, environment);
    }

    public Timings.Clock clock() {
        return clock;
    }

    public Evidence subject(Subject s) {
        subjects.add(s);
        return this;
    }

    /** Records a parameter; null values are left out. Never pass a secret here. */
    public Evidence parameter(String key, Object value) {
        if (value != null) {
            parameters.put(key, value);
        }
        return this;
    }

    public Evidence result(String key, Object value) {
        if (value != null) {
            results.put(key, value);
        }
        return this;
    }

    /** A file to write beside the record; its digest goes into the record. */
    public Evidence output(String fileName, byte[] content) {
        outputs.put(fileName, content);
        outputDigests.put(fileName, ParallelHasher.sha256Hex(content));
        return this;
    }

    /** The hex SHA-256 of an output added before, for statements that name it. */
    public String outputDigest(String fileName) {
        String digest = outputDigests.get(fileName);
        if (digest == null) {
            throw new IllegalStateException("no output " + fileName);
        }
        return digest;
    }

    /** The folder name for this step's evidence under an output root: {@code kind-name}, made file-system safe. */
    public static String folderName(String kind, String name) {
        return kind + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Writes outputs, the record and its in-toto statement into {@code outputRoot/kind-name/}, replacing what a
     * previous run left there.
     */
    public StepResult commit(Path outputRoot, Gate gate, String summary) throws SecMlOpsException {
        Timings timings = clock.stop();
        List<Subject> outputSubjects = new ArrayList<>();
        outputDigests.forEach((file, digest) -> outputSubjects.add(Subject.sha256(file, digest)));
        EvidenceRecord record = new EvidenceRecord(EvidenceRecord.SCHEMA_VERSION, kind, name, List.copyOf(subjects),
                parameters, results, gate.verdict(), gate.reasons(), outputSubjects,
                Map.of("name", "secmlops", "version", Version.get()), timings, environment.values());
        Path target = outputRoot.resolve(folderName(kind, name));
        Path staging = outputRoot.resolve(".staging-" + UUID.randomUUID());
        List<String> files = new ArrayList<>(outputs.keySet());
        try {
            Files.createDirectories(staging);
            // The staging folder is new and ours, and becomes the evidence only by the rename below: its files
            // need no temporary-and-rename of their own, only to be on disk before that rename.
            for (Map.Entry<String, byte[]> e : outputs.entrySet()) {
                AtomicFiles.writeNew(staging.resolve(e.getKey()), e.getValue());
            }
            AtomicFiles.writeNew(staging.resolve(STATEMENT_FILE), Json.mapper().writeValueAsBytes(Statement.of(record)));
            AtomicFiles.writeNew(staging.resolve(RECORD_FILE), Json.mapper().writeValueAsBytes(record));
            files.add(STATEMENT_FILE);
            files.add(RECORD_FILE);
            replace(staging, target);
        } catch (IOException e) {
            deleteTree(staging);
            throw new SecMlOpsException("Cannot write evidence to '" + target + "': " + e + ".",
                    "check free disk space and permissions of the output folder.", e);
        }
        return new StepResult(record, target, List.copyOf(files), summary);
    }

    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling(".old-" + UUID.randomUUID());
            AtomicFiles.move(target, old);
        }
        AtomicFiles.move(staging, target);
        if (old != null) {
            deleteTree(old);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging folder is harmless and is never read
        }
    }

    /** Reads and checks a record: schema version, kind, verdict and subjects must be there. */
    public static EvidenceRecord read(byte[] json, String source) throws SecMlOpsException {
        EvidenceRecord r;
        try {
            r = Json.mapper().readValue(json, EvidenceRecord.class);
        } catch (IOException e) {
            throw new SecMlOpsException("Evidence record '" + source + "' is not valid JSON: "
                    + firstLine(e.getMessage()) + ".", "remove the damaged record and run the step again.", e);
        }
        if (r == null || !EvidenceRecord.SCHEMA_VERSION.equals(r.schemaVersion())) {
            throw new SecMlOpsException("Evidence record '" + source + "' has schema version "
                    + (r == null ? "none" : "'" + r.schemaVersion() + "'") + ", expected '" + EvidenceRecord.SCHEMA_VERSION + "'.",
                    "produce it with this version of secmlops.");
        }
        if (r.kind() == null || r.verdict() == null || r.subjects() == null || r.subjects().isEmpty() || r.timings() == null) {
            throw new SecMlOpsException("Evidence record '" + source + "' lacks kind, verdict, subjects or timings.",
                    "remove the damaged record and run the step again.");
        }
        return r;
    }

    /** Serialises any evidence document the way records are written. */
    public static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }
}
