package io.secmlops.engine.provenance;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.Version;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Statement;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.FileEntry;
import io.secmlops.engine.hash.FileTree;
import io.secmlops.engine.hash.HashCache;
import io.secmlops.engine.hash.Manifest;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.hash.TreeDigester;
import io.secmlops.engine.hash.WalkOptions;
import io.secmlops.engine.io.Workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code dataProvenance}: records what a dataset is (every file's digest, one root digest), where it came from
 * (git lineage, declared origin, the build) and what changed since a baseline; or, in verify mode, proves that
 * it is still exactly what a pinned manifest says.
 */
public final class DataProvenance {
    public static final String KIND = "dataProvenance";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String PROVENANCE_FILE = "provenance.intoto.json";
    public static final String DIFF_FILE = "diff.json";
    public static final String BUILD_TYPE = "https://secmlops.io/dataProvenance/v1";
    static final String SLSA_PREDICATE = "https://slsa.dev/provenance/v1";

    private final ProgressListener log;

    public DataProvenance(ProgressListener log) {
        this.log = log;
    }

    public StepResult run(ProvenanceRequest r) throws SecMlOpsException {
        checkName(r.name);
        Workspace ws = new Workspace(r.workspace);
        Path dataset = ws.resolveExisting(r.path, "dataset path");
        // Every input is read and checked before the heavy work, so bad input costs nothing and writes nothing.
        Reference pinned = r.verify == null ? null : Reference.read(ws.resolveExisting(r.verify, "pinned manifest"), r.verify);
        Reference baseline = readBaseline(r, ws);

        Evidence evidence = Evidence.begin(KIND, r.name, r.environment);
        evidence.parameter("path", ws.relative(dataset)).parameter("verify", r.verify)
                .parameter("baseline", baseline == null ? null : baseline.label())
                .parameter("ignore", r.ignore.isEmpty() ? null : r.ignore)
                .parameter("allowSymlinks", r.allowSymlinks).parameter("origin", r.origin);

        // The hash cache does not depend on the listing: read it on its own thread meanwhile.
        // Verification hashes every byte: the cache only speeds up recording and is never trusted to prove anything.
        Path cacheFile = cacheFile(r, ws, dataset);
        FutureTask<HashCache> cacheTask = pinned != null ? null
                : inBackground("secmlops-hash-cache", () -> HashCache.load(cacheFile, log));
        log.progress(KIND + ": listing '" + ws.relative(dataset) + "'");
        WalkOptions walk = new WalkOptions(r.allowSymlinks, Set.of(), r.ignore,
                Set.of(r.outputRoot.toAbsolutePath().normalize(), r.cacheDir.toAbsolutePath().normalize(),
                        ws.root().resolve(".secmlops")));
        List<FileEntry> files = FileTree.list(dataset, walk, "dataset");
        // Git lineage is needed only at the end: read it while this thread digests, not while the listing's
        // threads keep every core busy.
        FutureTask<Map<String, Object>> lineageTask = inBackground("secmlops-git-lineage", () -> GitLineage.of(dataset));
        if (files.isEmpty()) {
            throw new SecMlOpsException("The dataset '" + ws.relative(dataset) + "' holds no files"
                    + (r.ignore.isEmpty() ? "" : " once the ignore patterns are applied") + ".",
                    "point the step at the folder that holds the data, or loosen the ignore patterns.");
        }
        evidence.clock().lap("list");

        HashCache cache = cacheTask == null ? null : cache(cacheTask);
        Manifest manifest = new TreeDigester(r.threads, log).digest(r.name, files, cache);
        evidence.clock().lap("hash");
        Map<String, Object> lineage = lineage(lineageTask);
        evidence.clock().lap("lineage");

        byte[] manifestJson = manifest.toJson();
        evidence.subject(Subject.sha256(r.name, manifest.rootDigest()))
                .result("rootDigest", manifest.rootDigest())
                .result("fileCount", manifest.fileCount())
                .result("totalBytes", manifest.totalBytes())
                .result("filesFromCache", cache == null ? 0 : cache.hits())
                .result("lineage", lineage)
                .output(MANIFEST_FILE, manifestJson);

        Gate gate = new Gate();
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s '%s': %,d files, %s, root sha256:%s", KIND, r.name, manifest.fileCount(),
                ParallelHasher.bytes(manifest.totalBytes()), manifest.rootDigest()));
        if (pinned != null) {
            verifyAgainst(pinned, manifest, gate, evidence, summary);
        }
        if (baseline != null) {
            ManifestDiff diff = baseline.manifest() == null ? null : ManifestDiff.between(baseline.manifest(), manifest);
            if (diff != null) {
                evidence.result("diff", diff.summary(baseline.label())).output(DIFF_FILE, Evidence.json(diff));
                summary.add(String.format(Locale.ROOT, "changes since %s: %d added, %d removed, %d changed",
                        baseline.label(), diff.added().size(), diff.removed().size(), diff.changed().size()));
            } else {
                boolean same = baseline.rootDigest().equals(manifest.rootDigest());
                evidence.result("diff", Map.of("baseline", baseline.label(), "identical", same));
                summary.add("changes since " + baseline.label() + ": " + (same ? "none" : "root digest differs (no manifest to list files)"));
            }
        }
        evidence.output(PROVENANCE_FILE, Evidence.json(statement(r, ws, dataset, manifest, manifestJson, lineage, evidence)));
        evidence.clock().lap("record");
        return evidence.commit(r.outputRoot, gate, String.join("\n", summary));
    }

    private static <T> FutureTask<T> inBackground(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static Map<String, Object> lineage(FutureTask<Map<String, Object>> task) throws SecMlOpsException {
        try {
            return await(task);
        } catch (ExecutionException e) {
            return Map.of("error", "git lineage unavailable: " + e.getCause().getClass().getSimpleName());
        }
    }

    /** Loading never fails on bad content (a damaged cache is rebuilt); anything else is a bug, so rethrown. */
    private static HashCache cache(FutureTask<HashCache> task) throws SecMlOpsException {
        try {
            return await(task);
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading the hash cache failed", e.getCause());
        }
    }

    private static <T> T await(FutureTask<T> task) throws SecMlOpsException, ExecutionException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecMlOpsException("Interrupted while reading the dataset.", "run the step again.", e);
        }
    }

    private static void verifyAgainst(Reference pinned, Manifest manifest, Gate gate, Evidence evidence, List<String> summary) {
        boolean same = pinned.rootDigest().equals(manifest.rootDigest());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("pinned", pinned.label());
        v.put("pinnedRootDigest", pinned.rootDigest());
        v.put("matches", same);
        if (!same) {
            String detail;
            if (pinned.manifest() != null) {
                ManifestDiff diff = ManifestDiff.between(pinned.manifest(), manifest);
                v.put("differences", diff.summary(pinned.label()));
                evidence.output(DIFF_FILE, Evidence.json(diff));
                detail = String.join(", ", diff.first(5));
            } else {
                detail = "root digest " + manifest.rootDigest() + " instead of " + pinned.rootDigest()
                        + " (pin the manifest.json to see which files differ)";
            }
            gate.violate(Verdict.FAIL, "dataset '" + manifest.name() + "' differs from pinned '" + pinned.label() + "': " + detail);
        }
        evidence.result("verification", v);
        summary.add("verify against " + pinned.label() + ": " + (same ? "identical" : "DIFFERS"));
    }

    private Reference readBaseline(ProvenanceRequest r, Workspace ws) throws SecMlOpsException {
        if (r.baseline != null) {
            return Reference.read(ws.resolveExisting(r.baseline, "baseline"), r.baseline);
        }
        if (r.baselineManifest != null) {
            String label = r.baselineLabel == null ? "baseline" : r.baselineLabel;
            return Reference.parse(r.baselineManifest, label, null);
        }
        return null;
    }

    private static Path cacheFile(ProvenanceRequest r, Workspace ws, Path dataset) {
        String key = ParallelHasher.sha256Hex(ws.relative(dataset).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return r.cacheDir.resolve("hash-" + key + ".json");
    }

    private static void checkName(String name) throws SecMlOpsException {
        if (name == null || name.isBlank()) {
            throw new SecMlOpsException("The dataset name is empty.", "give the dataset a name, e.g. name: 'pds-train'.");
        }
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new SecMlOpsException("The dataset name is longer than 200 characters or holds control characters.",
                    "use a short printable name such as 'pds-train'.");
        }
    }

    /** SLSA Provenance v1: the dataset is the subject; the build, git lineage and declared origin are the inputs. */
    private static Statement statement(ProvenanceRequest r, Workspace ws, Path dataset, Manifest manifest, byte[] manifestJson,
                                       Map<String, Object> lineage, Evidence evidence) {
        Map<String, Object> external = new LinkedHashMap<>();
        external.put("path", ws.relative(dataset));
        external.put("name", r.name);
        if (!r.ignore.isEmpty()) {
            external.put("ignore", r.ignore);
        }
        external.put("allowSymlinks", r.allowSymlinks);
        if (r.origin != null) {
            external.put("origin", r.origin);
        }
        List<Map<String, Object>> deps = new ArrayList<>();
        if (lineage != null && lineage.get("commit") != null) {
            Map<String, Object> git = new LinkedHashMap<>();
            Object remote = lineage.get("remoteUrl");
            git.put("uri", "git+" + (remote != null ? remote : "file:" + lineage.get("pathInRepository"))
                    + "@refs/heads/" + lineage.get("branch"));
            git.put("digest", Map.of("gitCommit", lineage.get("commit")));
            git.put("annotations", Map.of("dirty", lineage.getOrDefault("dirty", false),
                    "pathInRepository", lineage.get("pathInRepository")));
            deps.add(git);
        }
        if (r.origin != null) {
            deps.add(Map.of("uri", r.origin, "annotations", Map.of("declaredBy", "user")));
        }
        Map<String, Object> buildDefinition = new LinkedHashMap<>();
        buildDefinition.put("buildType", BUILD_TYPE);
        buildDefinition.put("externalParameters", external);
        buildDefinition.put("internalParameters", Map.of("hashThreads", r.threads));
        buildDefinition.put("resolvedDependencies", deps);

        var timings = evidence.clock().stop();
        Map<String, Object> metadata = new LinkedHashMap<>();
        String invocation = r.environment.get("buildUrl");
        if (invocation != null) {
            metadata.put("invocationId", invocation);
        }
        metadata.put("startedOn", timings.startedAt());
        metadata.put("finishedOn", timings.finishedAt());
        Map<String, Object> runDetails = new LinkedHashMap<>();
        runDetails.put("builder", Map.of("id", r.environment.builderId(), "version", Map.of("secmlops", Version.get())));
        runDetails.put("metadata", metadata);
        runDetails.put("byproducts", List.of(Map.of("name", MANIFEST_FILE, "digest",
                Map.of("sha256", evidence.outputDigest(MANIFEST_FILE)))));

        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("buildDefinition", buildDefinition);
        predicate.put("runDetails", runDetails);
        return Statement.of(List.of(Subject.sha256(r.name, manifest.rootDigest())), SLSA_PREDICATE, predicate);
    }
}
