package io.secmlops.drift;

import io.secmlops.drift.ImageInputs.Detections;
import io.secmlops.drift.ImageInputs.Embeddings;
import io.secmlops.drift.ImageInputs.Images;
import io.secmlops.drift.ReferenceProfile.ColumnProfile;
import io.secmlops.drift.ReferenceProfile.EmbeddingSample;
import io.secmlops.drift.stat.Mmd;
import io.secmlops.engine.Parallel;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.Version;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.AtomicFiles;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Image mode of {@code driftGate}: two tests on a folder of current images against a reference folder or image
 * profile.
 * <ol>
 * <li>Per-image statistics ({@link ImageStats}) and, when detect results are given, persons per image and the person
 * scores, each a column through the tabular tests (Evidently's defaults, correction, driftShare).</li>
 * <li>When embeddings are given: MMD²_u between reference and current vectors ({@link Mmd}), drift when the
 * permutation p-value is below {@code mmdAlpha}.</li>
 * </ol>
 * Either test drifting fails (or marks unstable) the gate; the evidence lists both.
 */
final class ImageDrift {
    static final String FORMAT = "images";
    static final String MMD_TEST = "mmd";

    private final ProgressListener log;

    ImageDrift(ProgressListener log) {
        this.log = log;
    }

    private static void checkMmdOptions(DriftRequest r) throws SecMlOpsException {
        if (!(r.mmdAlpha > 0 && r.mmdAlpha < 1)) {
            throw new SecMlOpsException("The MMD level mmdAlpha is " + r.mmdAlpha + ".", "give a p-value level in (0, 1), e.g. 0.05.");
        }
        int least = 1;
        while (1.0 / (least + 1) >= r.mmdAlpha) {
            least++;
        }
        if (r.permutations < least || r.permutations > 100_000) {
            throw new SecMlOpsException("permutations is " + r.permutations + ": "
                    + (r.permutations > 100_000 ? "more than 100,000." : "the smallest p-value, 1/(permutations+1), could never fall below "
                    + r.mmdAlpha + "."), "give between " + least + " and 100000 permutations (default 100).");
        }
        if (r.embeddingSampleSize < 10) {
            throw new SecMlOpsException("The embedding sample size is " + r.embeddingSampleSize + ".", "keep at least 10 vectors (default 1000).");
        }
    }

    StepResult run(DriftRequest r, DriftGate.Options o) throws SecMlOpsException {
        checkMmdOptions(r);
        Workspace ws = new Workspace(r.workspace);
        if (r.images == null) {
            throw new SecMlOpsException("Embeddings or detections were given but no current images.",
                    "give images: the folder of current images the embeddings and detections were made from.");
        }
        if (r.current != null) {
            throw new SecMlOpsException("Both current data ('" + r.current + "') and current images ('" + r.images + "') were given.",
                    "test tables (current) and images (images) in two driftGate calls.");
        }
        if (r.reference == null || r.reference.isBlank()) {
            throw new SecMlOpsException("No reference was given.", "give reference: a folder of reference images, or an image profile (*.json).");
        }
        Evidence evidence = Evidence.begin(DriftGate.KIND, r.name, r.environment);
        Path refPath = ws.resolveExisting(r.reference, "reference");

        // reference: an image profile, or a folder of images with optional embed and detect results
        ReferenceProfile profile = null;
        byte[] profileBytes = null;
        Images refImages = null;
        Embeddings refEmb = null;
        Detections refDet = null;
        if (DriftGate.isProfile(refPath)) {
            profileBytes = DriftGate.readBytes(refPath, r.reference);
            profile = ReferenceProfile.read(profileBytes, ws.relative(refPath));
            if (!FORMAT.equals(profile.format())) {
                throw new SecMlOpsException("The reference profile '" + r.reference + "' is a profile of " + profile.format()
                        + " data, not of images.", "make an image profile: mode 'profile' with reference: the folder of reference images.");
            }
            if (r.referenceEmbeddings != null || r.referenceDetections != null) {
                throw new SecMlOpsException("referenceEmbeddings or referenceDetections were given with a reference profile, which carries its own.",
                        "leave them out, or give the reference images folder instead of the profile.");
            }
        } else {
            if (!ImageInputs.isImageFolder(refPath)) {
                throw new SecMlOpsException("The reference '" + r.reference + "' is neither an image profile (*.json) nor a folder of images.",
                        "give the folder of reference images, or a profile made from it with mode 'profile'.");
            }
            log.progress(DriftGate.KIND + ": measuring the reference images in '" + r.reference + "'");
            refImages = ImageInputs.readImages(ws, r.reference, "reference images", r.threads);
            if (r.referenceEmbeddings != null) {
                refEmb = ImageInputs.readEmbeddings(ws, r.referenceEmbeddings, "reference embeddings");
                ImageInputs.checkCovers(refImages, refEmb.files(), "reference embeddings", r.referenceEmbeddings);
            }
            if (r.referenceDetections != null) {
                refDet = ImageInputs.readDetections(ws, r.referenceDetections, "reference detections");
                ImageInputs.checkCovers(refImages, refDet.files(), "reference detections", r.referenceDetections);
            }
        }
        log.progress(DriftGate.KIND + ": measuring the current images in '" + r.images + "'");
        Images curImages = ImageInputs.readImages(ws, r.images, "current images", r.threads);
        Embeddings curEmb = null;
        Detections curDet = null;
        if (r.embeddings != null) {
            curEmb = ImageInputs.readEmbeddings(ws, r.embeddings, "current embeddings");
            ImageInputs.checkCovers(curImages, curEmb.files(), "current embeddings", r.embeddings);
        }
        if (r.detections != null) {
            curDet = ImageInputs.readDetections(ws, r.detections, "current detections");
            ImageInputs.checkCovers(curImages, curDet.files(), "current detections", r.detections);
        }
        EmbeddingSample sample = profile != null ? profile.embeddings() : null;
        boolean refHasEmb = refEmb != null || sample != null;
        if (refHasEmb != (curEmb != null)) {
            throw new SecMlOpsException(curEmb != null ? "Current embeddings were given but the reference has none."
                    : "The reference has embeddings but no current embeddings were given.",
                    "give embeddings on both sides (referenceEmbeddings or a profile made with them, and embeddings), or on neither.");
        }
        boolean refHasDet = refDet != null || (profile != null && profile.column("persons") != null);
        if (refHasDet != (curDet != null)) {
            throw new SecMlOpsException(curDet != null ? "Current detections were given but the reference has none."
                    : "The reference has detections but no current detections were given.",
                    "give detect results on both sides (referenceDetections or a profile made with them, and detections), or on neither.");
        }
        Double refThreshold = refDet != null ? refDet.scoreThreshold() : null;
        if (refThreshold != null && curDet.scoreThreshold() != null && !refThreshold.equals(curDet.scoreThreshold())) {
            throw new SecMlOpsException("The detections were made with different score thresholds: " + refThreshold + " (reference) and "
                    + curDet.scoreThreshold() + " (current); their person counts and scores are not comparable.",
                    "run detector-agent detect with the same --score-threshold on both sides.");
        }
        int refDim = refEmb != null ? refEmb.dimension() : sample != null ? sample.dimension() : -1;
        if (curEmb != null && curEmb.dimension() != refDim) {
            throw new SecMlOpsException("The current embeddings have " + curEmb.dimension() + " dimensions, the reference's " + refDim + ".",
                    "embed both sides with the same model and tensor.");
        }
        evidence.clock().lap("read");

        // per-image statistics and detector output through the tabular tests
        Table cur = ImageInputs.table("current", curImages, curDet);
        Table refTable = refImages != null ? ImageInputs.table("reference", refImages, refDet) : null;
        List<String> warnings = new ArrayList<>();
        List<String> available = refTable != null ? new ArrayList<>(refTable.columns.keySet())
                : profile.columns().stream().map(ColumnProfile::name).toList();
        List<String> tested = new ArrayList<>();
        if (!r.columns.isEmpty()) {
            for (String c : r.columns) {
                if (!available.contains(c)) {
                    throw new SecMlOpsException("Column '" + c + "' (listed in columns) is not an image statistic here; available: " + available + ".",
                            "list some of " + available + ".");
                }
            }
            tested.addAll(new LinkedHashSet<>(r.columns));
        } else {
            tested.addAll(available);
        }
        // No person found on one side leaves no score to compare; the persons column carries that change.
        if (tested.contains("score")) {
            long refScores = refTable != null ? refTable.columns.get("score").count() : profile.column("score").count();
            if (refScores == 0 || cur.columns.get("score").count() == 0) {
                tested.remove("score");
                warnings.add("column 'score': no person detected in the " + (refScores == 0 ? "reference" : "current") + " images; scores not compared");
            }
        }
        DriftGate.checkKeys(o, new LinkedHashSet<>(tested));
        for (String c : tested) {
            if (refTable != null) {
                DriftGate.checkNotEmpty(refTable.columns.get(c), refTable, "reference");
            }
            DriftGate.checkNotEmpty(cur.columns.get(c), cur, "current");
        }
        Map<String, ColumnProfile> refProfiles = new LinkedHashMap<>();
        if (profile != null) {
            for (String c : tested) {
                refProfiles.put(c, profile.column(c));
            }
        } else {
            Table rt = refTable;
            for (ColumnProfile p : Parallel.map(tested, r.threads, c -> ReferenceProfile.profile(rt.columns.get(c), Integer.MAX_VALUE, r.seed))) {
                refProfiles.put(p.name(), p);
            }
        }
        boolean fromProfile = profile != null;
        List<ColumnResult> results = new ArrayList<>();
        for (String c : tested) {
            results.add(ColumnTests.test(refProfiles.get(c), cur.columns.get(c),
                    new ColumnTests.Choice(o.tests().get(c), o.thresholds().get(c), false), fromProfile));
        }
        DriftGate.correct(results, o.correction());
        List<ColumnResult> testedResults = results.stream().filter(ColumnResult::tested).toList();
        List<ColumnResult> drifted = testedResults.stream().filter(ColumnResult::isDrifted).toList();
        double share = testedResults.isEmpty() ? 0 : (double) drifted.size() / testedResults.size();
        boolean statsDrift = !testedResults.isEmpty() && share >= r.driftShare;
        for (ColumnResult cr : results) {
            for (String w : cr.warnings) {
                warnings.add("column '" + cr.column + "': " + w);
            }
        }
        evidence.clock().lap("statistics");

        // embeddings: MMD with a permutation test
        Map<String, Object> mmd = null;
        Mmd.Result m = null;
        if (curEmb != null) {
            double[][] ref;
            double bandwidth;
            if (sample != null) {
                ref = new double[sample.size()][];
                for (int i = 0; i < ref.length; i++) {
                    float[] f = sample.vectors()[i];
                    ref[i] = new double[f.length];
                    for (int k = 0; k < f.length; k++) {
                        ref[i][k] = f[k];
                    }
                }
                bandwidth = sample.bandwidth();
            } else {
                ref = refEmb.vectors();
                bandwidth = Mmd.medianBandwidth(ref, r.seed);
            }
            if (!(bandwidth > 0)) {
                throw new SecMlOpsException("The reference embeddings are all identical (median distance 0), so no kernel bandwidth can be chosen.",
                        "embed varied reference images.");
            }
            log.progress(String.format(Locale.ROOT, "%s: MMD of %d reference and %d current vectors (%d dimensions), %d permutations",
                    DriftGate.KIND, ref.length, curEmb.vectors().length, refDim, r.permutations));
            m = Mmd.test(ref, curEmb.vectors(), bandwidth, r.permutations, r.seed, r.threads);
            mmd = new LinkedHashMap<>();
            mmd.put("test", MMD_TEST);
            mmd.put("estimator", "unbiased MMD^2_u (Gretton et al. 2012, eq. 3)");
            mmd.put("kernel", "gaussian exp(-||x-y||^2 / (2 bandwidth^2))");
            mmd.put("bandwidth", bandwidth);
            mmd.put("bandwidthRule", sample != null ? "median heuristic on the whole reference, stored in the profile"
                    : "median heuristic: median pairwise Euclidean distance of the reference" + (ref.length > Mmd.MEDIAN_POINTS
                    ? " (seeded subset of " + Mmd.MEDIAN_POINTS + ")" : ""));
            mmd.put("mmd2", m.mmd2());
            mmd.put("pValue", m.pValue());
            mmd.put("permutations", m.permutations());
            mmd.put("permutationsAtLeastAsLarge", m.atLeastAsLarge());
            mmd.put("seed", m.seed());
            mmd.put("threshold", r.mmdAlpha);
            mmd.put("drifted", m.pValue() < r.mmdAlpha);
            mmd.put("referenceCount", m.referenceCount());
            mmd.put("currentCount", m.currentCount());
            mmd.put("dimension", refDim);
            mmd.put("computedFrom", sample == null ? "raw" : sample.complete() ? "profile (whole reference)" : "profile-sample");
            if (sample != null && !sample.complete()) {
                mmd.put("profileErrorBound", sample.mmdError());
                mmd.put("profileErrorBoundMeaning", "biased MMD between the profile's sample and the whole reference");
            }
            mmd.put("reference", refEmb != null ? ImageInputs.describe(refEmb) : Map.of("profileSample", sample.size(), "of", sample.count()));
            mmd.put("current", ImageInputs.describe(curEmb));
            if (m.referenceCount() < 20 || m.currentCount() < 20) {
                warnings.add(String.format(Locale.ROOT, "embeddings: %d reference and %d current vectors give the MMD test little power; a pass is weak evidence",
                        m.referenceCount(), m.currentCount()));
            }
        }
        boolean mmdDrift = m != null && m.pValue() < r.mmdAlpha;
        evidence.clock().lap("mmd");
        if (testedResults.isEmpty() && m == null) {
            throw new SecMlOpsException("Nothing could be tested: " + results.stream().map(x -> x.column + " (" + x.note + ")").toList() + ".",
                    "give embeddings, or test statistics that vary.");
        }

        Gate gate = new Gate();
        if (mmdDrift) {
            gate.violate(o.onDrift().verdict(), String.format(Locale.ROOT,
                    "image drift: embeddings MMD^2=%.4g, p=%.4g < %.4g (%d permutations, bandwidth %.4g)",
                    m.mmd2(), m.pValue(), r.mmdAlpha, m.permutations(), m.bandwidth()));
        }
        if (statsDrift) {
            gate.violate(o.onDrift().verdict(), String.format(Locale.ROOT, "image statistics drift: %d of %d drifted (share %.2f >= driftShare %.2f): %s",
                    drifted.size(), testedResults.size(), share, r.driftShare, DriftGate.describe(drifted)));
        }

        // evidence
        evidence.parameter("mode", "images").parameter("reference", ws.relative(refPath)).parameter("images", r.images)
                .parameter("embeddings", r.embeddings).parameter("referenceEmbeddings", r.referenceEmbeddings)
                .parameter("detections", r.detections).parameter("referenceDetections", r.referenceDetections)
                .parameter("columns", r.columns.isEmpty() ? null : r.columns)
                .parameter("tests", r.tests.isEmpty() ? null : r.tests)
                .parameter("thresholds", r.thresholds.isEmpty() ? null : r.thresholds)
                .parameter("driftShare", r.driftShare).parameter("onDrift", o.onDrift().name().toLowerCase(Locale.ROOT))
                .parameter("correction", o.correction().id()).parameter("permutations", r.permutations)
                .parameter("mmdAlpha", r.mmdAlpha).parameter("seed", r.seed);
        if (profile != null) {
            evidence.subject(Subject.sha256(ws.relative(refPath), ParallelHasher.sha256Hex(profileBytes)));
        } else {
            refTable.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
            if (refEmb != null) {
                evidence.subject(Subject.sha256(refEmb.label(), refEmb.sha256()));
            }
        }
        cur.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
        if (curEmb != null) {
            evidence.subject(Subject.sha256(curEmb.label(), curEmb.sha256()));
        }
        Map<String, Object> refInfo = new LinkedHashMap<>();
        refInfo.put("kind", profile != null ? "profile" : "images");
        refInfo.put("images", profile != null ? profile.rows() : refImages.stats().size());
        Map<String, Object> curInfo = new LinkedHashMap<>();
        curInfo.put("images", curImages.stats().size());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("datasetDrift", statsDrift);
        stats.put("driftedColumns", drifted.size());
        stats.put("testedColumns", testedResults.size());
        stats.put("shareOfDriftedColumns", share);
        stats.put("driftShare", r.driftShare);
        stats.put("correction", o.correction().id());
        evidence.result("reference", refInfo).result("current", curInfo)
                .result("imageDrift", mmdDrift || statsDrift)
                .result("embeddings", mmd)
                .result("statistics", stats)
                .result("datasetDrift", statsDrift)
                .result("columns", results.stream().map(ColumnResult::summary).toList())
                .result("warnings", warnings.isEmpty() ? null : warnings);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("schemaVersion", DriftGate.TABLE_SCHEMA);
        table.put("mode", "images");
        table.put("imageDrift", mmdDrift || statsDrift);
        table.put("embeddings", mmd);
        table.put("datasetDrift", statsDrift);
        table.put("shareOfDriftedColumns", share);
        table.put("driftShare", r.driftShare);
        table.put("correction", o.correction().id());
        table.put("columns", results);
        evidence.output(DriftGate.TABLE_FILE, Evidence.json(table));
        evidence.clock().lap("record");

        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s '%s' (images): %d reference, %d current -> %s", DriftGate.KIND, r.name,
                profile != null ? profile.rows() : refImages.stats().size(), curImages.stats().size(),
                mmdDrift || statsDrift ? "IMAGE DRIFT" : "no image drift"));
        if (m != null) {
            summary.add(String.format(Locale.ROOT, "  %-20s %-13s MMD^2=%.4g p=%.4g (threshold %.4g, %d permutations, bandwidth %.4g) %s",
                    "embeddings", MMD_TEST, m.mmd2(), m.pValue(), r.mmdAlpha, m.permutations(), m.bandwidth(), mmdDrift ? "DRIFT" : "ok"));
        }
        for (ColumnResult cr : results) {
            summary.add("  " + DriftGate.line(cr));
        }
        summary.add(String.format(Locale.ROOT, "  statistics: %d of %d drifted (share %.2f, driftShare %.2f)", drifted.size(),
                testedResults.size(), share, r.driftShare));
        for (String w : warnings) {
            summary.add("  warning: " + w);
        }
        return evidence.commit(r.outputRoot, gate, String.join("\n", summary));
    }

    /** Mode 'profile' on a folder of reference images: column profiles of the statistics and a sample of the embeddings. */
    StepResult profile(DriftRequest r, DriftGate.Options o) throws SecMlOpsException {
        checkMmdOptions(r);
        Workspace ws = new Workspace(r.workspace);
        Path refPath = ws.resolveExisting(r.reference, "reference");
        if (!ImageInputs.isImageFolder(refPath)) {
            throw new SecMlOpsException("referenceEmbeddings was given but the reference '" + r.reference + "' is not a folder of images.",
                    "give reference: the folder of the images those embeddings were made from.");
        }
        Path out = r.profileOut == null ? null : ws.resolve(r.profileOut, "profile output");
        Evidence evidence = Evidence.begin(DriftGate.KIND, r.name, r.environment);
        log.progress(DriftGate.KIND + ": profiling the reference images in '" + r.reference + "'");
        Images images = ImageInputs.readImages(ws, r.reference, "reference images", r.threads);
        Embeddings emb = null;
        Detections det = null;
        if (r.referenceEmbeddings != null) {
            emb = ImageInputs.readEmbeddings(ws, r.referenceEmbeddings, "reference embeddings");
            ImageInputs.checkCovers(images, emb.files(), "reference embeddings", r.referenceEmbeddings);
        }
        if (r.referenceDetections != null) {
            det = ImageInputs.readDetections(ws, r.referenceDetections, "reference detections");
            ImageInputs.checkCovers(images, det.files(), "reference detections", r.referenceDetections);
        }
        Table t = ImageInputs.table("reference", images, det);
        Set<String> keep = r.columns.isEmpty() ? t.columns.keySet() : new LinkedHashSet<>(r.columns);
        List<ColumnData> cols = new ArrayList<>();
        for (String c : keep) {
            ColumnData cd = t.columns.get(c);
            if (cd == null) {
                throw new SecMlOpsException("Column '" + c + "' (listed in columns) is not an image statistic; available: " + t.columns.keySet() + ".",
                        "list some of " + t.columns.keySet() + ".");
            }
            if (cd.count() > 0) {
                cols.add(cd);
            }
        }
        evidence.clock().lap("read");
        List<ColumnProfile> profiles = Parallel.map(cols, r.threads, c -> ReferenceProfile.profile(c, r.sampleSize, r.seed));
        EmbeddingSample sample = null;
        if (emb != null) {
            double bandwidth = Mmd.medianBandwidth(emb.vectors(), r.seed);
            if (!(bandwidth > 0)) {
                throw new SecMlOpsException("The reference embeddings are all identical (median distance 0).", "embed varied reference images.");
            }
            double[][] kept = ReferenceProfile.reservoir(emb.vectors(), r.embeddingSampleSize, r.seed);
            boolean complete = kept.length == emb.vectors().length;
            double err = complete ? 0 : Mmd.mmdBiased(kept, emb.vectors(), bandwidth, r.threads);
            float[][] f = new float[kept.length][];
            for (int i = 0; i < kept.length; i++) {
                f[i] = new float[kept[i].length];
                for (int k = 0; k < f[i].length; k++) {
                    f[i][k] = (float) kept[i][k];
                }
            }
            sample = new EmbeddingSample(emb.label(), emb.tensor(), emb.dimension(), emb.vectors().length, kept.length, complete, r.seed,
                    bandwidth, err, f);
        }
        ReferenceProfile profile = new ReferenceProfile(ReferenceProfile.SCHEMA_VERSION, Map.of("name", "secmlops", "version", Version.get()),
                FORMAT, images.stats().size(), t.sources, new ReferenceProfile.Settings(r.sampleSize, r.seed, ReferenceProfile.QUANTILES,
                ReferenceProfile.PSI_BINS, ReferenceProfile.DISTINCT_CAP), profiles, sample);
        byte[] json = profile.toJson();
        evidence.clock().lap("profile");
        t.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
        if (emb != null) {
            evidence.subject(Subject.sha256(emb.label(), emb.sha256()));
        }
        String digest = ParallelHasher.sha256Hex(json);
        Map<String, Object> embInfo = null;
        if (sample != null) {
            embInfo = new LinkedHashMap<>();
            embInfo.put("vectors", sample.count());
            embInfo.put("sample", sample.size());
            embInfo.put("dimension", sample.dimension());
            embInfo.put("bandwidth", sample.bandwidth());
            embInfo.put("mmdErrorBound", sample.mmdError());
        }
        evidence.parameter("mode", "profile").parameter("reference", r.reference).parameter("referenceEmbeddings", r.referenceEmbeddings)
                .parameter("referenceDetections", r.referenceDetections).parameter("profileOut", r.profileOut)
                .parameter("sampleSize", r.sampleSize).parameter("embeddingSampleSize", r.embeddingSampleSize).parameter("seed", r.seed);
        evidence.result("profile", Map.of("schemaVersion", ReferenceProfile.SCHEMA_VERSION, "sha256", digest, "bytes", json.length, "format", FORMAT))
                .result("images", images.stats().size())
                .result("columns", profiles.stream().map(ColumnProfile::name).toList())
                .result("embeddings", embInfo)
                .output(DriftGate.PROFILE_FILE, json);
        if (out != null) {
            try {
                AtomicFiles.write(out, json);
            } catch (IOException e) {
                throw new SecMlOpsException("Cannot write the profile to '" + r.profileOut + "': " + e.getMessage() + ".",
                        "check free disk space and permissions of that folder.", e);
            }
        }
        String summary = String.format(Locale.ROOT, "%s '%s': profiled %d images (%d statistics%s) into %s (sha256:%s)", DriftGate.KIND, r.name,
                images.stats().size(), profiles.size(), sample == null ? "" : ", " + sample.size() + " of " + sample.count() + " embeddings",
                out != null ? ws.relative(out) : DriftGate.PROFILE_FILE, digest);
        return evidence.commit(r.outputRoot, new Gate(), summary);
    }
}
