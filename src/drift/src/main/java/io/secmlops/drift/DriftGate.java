package io.secmlops.drift;

import io.secmlops.drift.ReferenceProfile.ColumnProfile;
import io.secmlops.drift.stat.Corrections;
import io.secmlops.engine.Parallel;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.Version;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.OnFailure;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.AtomicFiles;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code driftGate}: tests every column of current data against a reference (raw data or a stored
 * {@link ReferenceProfile}) with Evidently's default tests or the user's, corrects p-values for many tests if asked,
 * and fails (or marks unstable) the build when the share of drifted columns reaches {@code driftShare}. Mode
 * {@code profile} ({@link #profile}) turns reference data into a profile instead.
 *
 * <p>Every input is read and checked before anything is written: a bad file, column, value or parameter is a
 * {@link SecMlOpsException} naming it, and leaves no evidence.
 */
public final class DriftGate {
    public static final String KIND = "driftGate";
    public static final String TABLE_FILE = "drift-table.json";
    public static final String PROFILE_FILE = "reference-profile.json";
    public static final String TABLE_SCHEMA = "secmlops.drift-table/v1";

    private final ProgressListener log;

    public DriftGate(ProgressListener log) {
        this.log = log;
    }

    /** Parsed and checked parameters. */
    record Options(OnFailure onDrift, Correction correction, NonFinitePolicy nonFinite, Map<String, ColumnType> types,
                           Map<String, DriftTest> tests, Map<String, Double> thresholds) {
    }

    static Options options(DriftRequest r) throws SecMlOpsException {
        if (!(r.driftShare > 0 && r.driftShare <= 1)) {
            throw new SecMlOpsException("Parameter driftShare is " + r.driftShare + ".",
                    "give a share of columns in (0, 1], e.g. 0.5: the dataset drifts when that share of its columns drift.");
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.columnTypes.entrySet()) {
            types.put(e.getKey(), ColumnType.parse(e.getValue(), e.getKey()));
        }
        Map<String, DriftTest> tests = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.tests.entrySet()) {
            tests.put(e.getKey(), DriftTest.parse(e.getValue(), e.getKey()));
        }
        for (Map.Entry<String, Double> e : r.thresholds.entrySet()) {
            Double t = e.getValue();
            if (t == null || !(t > 0) || Double.isInfinite(t)) {
                throw new SecMlOpsException("The threshold for column '" + e.getKey() + "' is " + t + ".",
                        "give a positive number: a p-value level such as 0.05, or a distance such as 0.1.");
            }
        }
        if (r.sampleSize < 100) {
            throw new SecMlOpsException("The profile sample size is " + r.sampleSize + ".", "keep at least 100 values (default 5000).");
        }
        return new Options(OnFailure.parse(r.onDrift, "onDrift"), Correction.parse(r.correction), NonFinitePolicy.parse(r.nonFinite),
                types, tests, new LinkedHashMap<>(r.thresholds));
    }

    /** Tests current data against the reference and writes the evidence. */
    public StepResult run(DriftRequest r) throws SecMlOpsException {
        Options o = options(r);
        checkName(r.name);
        if (r.imageMode()) {
            return new ImageDrift(log).run(r, o);
        }
        Workspace ws = new Workspace(r.workspace);
        if (r.reference == null || r.reference.isBlank()) {
            throw new SecMlOpsException("No reference was given.", "give reference: a profile (*.json) or reference data (*.csv, *.jsonl, or a folder).");
        }
        if (r.current == null || r.current.isBlank()) {
            throw new SecMlOpsException("No current data was given.", "give current: a *.csv or *.jsonl file, or a folder of them.");
        }
        Evidence evidence = Evidence.begin(KIND, r.name, r.environment);
        Path refPath = ws.resolveExisting(r.reference, "reference");
        Set<String> only = r.columns.isEmpty() ? null : new LinkedHashSet<>(r.columns);

        ReferenceProfile profile = null;
        byte[] profileBytes = null;
        Table refTable = null;
        Table cur;
        if (isProfile(refPath)) {
            profileBytes = readBytes(refPath, r.reference);
            profile = ReferenceProfile.read(profileBytes, ws.relative(refPath));
            if (ImageDrift.FORMAT.equals(profile.format())) {
                throw new SecMlOpsException("The reference profile '" + r.reference + "' is a profile of images, but no current images were given.",
                        "give images: the folder of current images (and embeddings, or let the step embed them).");
            }
            Map<String, ColumnType> known = new LinkedHashMap<>();
            for (ColumnProfile c : profile.columns()) {
                ColumnType declared = o.types().get(c.name());
                ColumnType stored = c.columnType();
                boolean compatible = declared == null || declared == stored
                        || (declared != ColumnType.NUMERIC && stored != ColumnType.NUMERIC);
                if (!compatible) {
                    throw new SecMlOpsException("Column '" + c.name() + "' is declared " + declared.id() + " but the reference profile holds it as "
                            + stored.id() + ".", "make the profile again with the same columnTypes, or drop the declaration.");
                }
                known.put(c.name(), stored == ColumnType.NUMERIC ? ColumnType.NUMERIC : ColumnType.CATEGORICAL);
            }
            DataFormat format = DataFormat.valueOf(profile.format().toUpperCase(Locale.ROOT));
            List<Path> curFiles = TableReader.listFiles(ws, r.current, "current data", format);
            log.progress(KIND + ": reading current data '" + r.current + "' (" + curFiles.size() + " file" + (curFiles.size() == 1 ? "" : "s") + ")");
            cur = new TableReader("current", known, "in the reference profile", only).read(ws, curFiles, r.current);
        } else {
            if (ImageInputs.isImageFolder(refPath)) {
                throw new SecMlOpsException("The reference '" + r.reference + "' is a folder of images but the current data '" + r.current
                        + "' was given as a table.", "give images: the folder of current images (image mode), or a tabular reference.");
            }
            List<Path> refFiles = TableReader.listFiles(ws, r.reference, "reference data", null);
            DataFormat format = DataFormat.of(refFiles.get(0));
            List<Path> curFiles = TableReader.listFiles(ws, r.current, "current data", format);
            Map<String, ColumnType> known = storageTypes(o.types());
            log.progress(KIND + ": reading reference '" + r.reference + "' and current data '" + r.current + "'");
            List<Table> both = Parallel.map(List.of("reference", "current"), Math.min(2, r.threads), role ->
                    new TableReader(role, known, "as declared", only).read(ws, role.equals("reference") ? refFiles : curFiles,
                            role.equals("reference") ? r.reference : r.current));
            refTable = both.get(0);
            cur = both.get(1);
            cur = reconcile(ws, refTable, cur, curFiles, only);
        }
        evidence.clock().lap("read");

        List<String> refColumns = profile != null ? profile.columns().stream().map(ColumnProfile::name).toList()
                : new ArrayList<>(refTable.columns.keySet());
        List<String> tested = checkSchema(r, o, refColumns, new ArrayList<>(cur.columns.keySet()));
        Set<String> testedSet = new LinkedHashSet<>(tested);
        if (refTable != null) {
            TableReader.checkNonFinite(refTable, "reference", o.nonFinite(), testedSet);
        }
        TableReader.checkNonFinite(cur, "current", o.nonFinite(), testedSet);
        for (String c : tested) {
            if (refTable != null) {
                checkNotEmpty(refTable.columns.get(c), refTable, "reference");
            }
            checkNotEmpty(cur.columns.get(c), cur, "current");
        }

        Map<String, ColumnProfile> refProfiles = new LinkedHashMap<>();
        if (profile != null) {
            for (String c : tested) {
                refProfiles.put(c, profile.column(c));
            }
        } else {
            Table rt = refTable;
            List<ColumnProfile> built = Parallel.map(tested, r.threads,
                    c -> ReferenceProfile.profile(rt.columns.get(c), Integer.MAX_VALUE, r.seed));
            for (ColumnProfile p : built) {
                refProfiles.put(p.name(), p);
            }
        }
        evidence.clock().lap("profile");
        log.progress(String.format(Locale.ROOT, "%s: testing %d column%s (%,d reference, %,d current rows)", KIND, tested.size(),
                tested.size() == 1 ? "" : "s", profile != null ? profile.rows() : refTable.rows, cur.rows));
        boolean fromProfile = profile != null;
        Table curTable = cur;
        List<ColumnResult> results = Parallel.map(tested, r.threads, c -> ColumnTests.test(refProfiles.get(c), curTable.columns.get(c),
                new ColumnTests.Choice(o.tests().get(c), o.thresholds().get(c),
                        o.types().get(c) == ColumnType.BINARY || ColumnType.BINARY.id().equals(refProfiles.get(c).type())), fromProfile));
        correct(results, o.correction());
        evidence.clock().lap("test");

        // verdict
        List<ColumnResult> testedResults = results.stream().filter(ColumnResult::tested).toList();
        List<ColumnResult> drifted = testedResults.stream().filter(ColumnResult::isDrifted).toList();
        if (testedResults.isEmpty()) {
            throw new SecMlOpsException("No column could be tested: " + results.stream().map(x -> x.column + " (" + x.note + ")").toList() + ".",
                    "test columns that vary, or choose other tests.");
        }
        double share = (double) drifted.size() / testedResults.size();
        boolean datasetDrift = share >= r.driftShare;
        List<String> warnings = new ArrayList<>();
        for (ColumnResult cr : results) {
            for (String w : cr.warnings) {
                warnings.add("column '" + cr.column + "': " + w);
            }
        }
        Gate gate = new Gate();
        if (datasetDrift) {
            gate.violate(o.onDrift().verdict(), String.format(Locale.ROOT, "dataset drift: %d of %d columns drifted (share %.2f >= driftShare %.2f): %s",
                    drifted.size(), testedResults.size(), share, r.driftShare, describe(drifted)));
        }

        // evidence
        String refLabel = profile != null ? ws.relative(refPath) : r.reference;
        evidence.parameter("reference", ws.relative(refPath)).parameter("current", r.current)
                .parameter("columns", r.columns.isEmpty() ? null : r.columns)
                .parameter("tests", r.tests.isEmpty() ? null : r.tests)
                .parameter("thresholds", r.thresholds.isEmpty() ? null : r.thresholds)
                .parameter("columnTypes", r.columnTypes.isEmpty() ? null : r.columnTypes)
                .parameter("driftShare", r.driftShare).parameter("onDrift", o.onDrift().name().toLowerCase(Locale.ROOT))
                .parameter("correction", o.correction().id()).parameter("nonFinite", o.nonFinite().id());
        if (profile != null) {
            evidence.subject(Subject.sha256(refLabel, ParallelHasher.sha256Hex(profileBytes)));
        } else {
            refTable.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
        }
        cur.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
        Map<String, Object> refInfo = new LinkedHashMap<>();
        refInfo.put("kind", profile != null ? "profile" : "raw");
        refInfo.put("format", profile != null ? profile.format() : refTable.format.id);
        refInfo.put("rows", profile != null ? profile.rows() : refTable.rows);
        refInfo.put("files", profile != null ? profile.files() : refTable.sources);
        Map<String, Object> curInfo = new LinkedHashMap<>();
        curInfo.put("format", cur.format.id);
        curInfo.put("rows", cur.rows);
        curInfo.put("files", cur.sources);
        evidence.result("reference", refInfo).result("current", curInfo)
                .result("datasetDrift", datasetDrift)
                .result("driftedColumns", drifted.size())
                .result("testedColumns", testedResults.size())
                .result("shareOfDriftedColumns", share)
                .result("driftShare", r.driftShare)
                .result("correction", o.correction().id())
                .result("columns", results.stream().map(ColumnResult::summary).toList())
                .result("warnings", warnings.isEmpty() ? null : warnings);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("schemaVersion", TABLE_SCHEMA);
        table.put("datasetDrift", datasetDrift);
        table.put("shareOfDriftedColumns", share);
        table.put("driftShare", r.driftShare);
        table.put("correction", o.correction().id());
        table.put("columns", results);
        evidence.output(TABLE_FILE, Evidence.json(table));
        evidence.clock().lap("record");

        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s '%s': %d of %d columns drifted (share %.2f, driftShare %.2f) -> %s", KIND, r.name,
                drifted.size(), testedResults.size(), share, r.driftShare, datasetDrift ? "DATASET DRIFT" : "no dataset drift"));
        for (ColumnResult cr : results) {
            summary.add("  " + line(cr));
        }
        for (String w : warnings) {
            summary.add("  warning: " + w);
        }
        return evidence.commit(r.outputRoot, gate, String.join("\n", summary));
    }

    /**
     * Mode {@code profile}: reads reference data and writes its {@link ReferenceProfile} beside the evidence record
     * (as {@value #PROFILE_FILE}) and, if asked, to {@code profileOut} in the workspace.
     */
    public StepResult profile(DriftRequest r) throws SecMlOpsException {
        Options o = options(r);
        checkName(r.name);
        Workspace ws = new Workspace(r.workspace);
        if (r.reference == null || r.reference.isBlank()) {
            throw new SecMlOpsException("No reference data was given to profile.", "give reference: a *.csv or *.jsonl file, or a folder of them.");
        }
        if (r.images != null || r.embeddings != null || r.detections != null) {
            throw new SecMlOpsException("Mode 'profile' was given current images, embeddings or detections.",
                    "profile the reference only (reference: the folder of reference images), then check images against the profile.");
        }
        Path refPath = ws.resolveExisting(r.reference, "reference");
        if (ImageInputs.isImageFolder(refPath) || r.referenceEmbeddings != null) {
            return new ImageDrift(log).profile(r, o);
        }
        if (isProfile(refPath)) {
            throw new SecMlOpsException("The reference '" + r.reference + "' is already a profile.", "profile the raw reference data (*.csv, *.jsonl).");
        }
        Path out = r.profileOut == null ? null : ws.resolve(r.profileOut, "profile output");
        Evidence evidence = Evidence.begin(KIND, r.name, r.environment);
        List<Path> files = TableReader.listFiles(ws, r.reference, "reference data", null);
        Set<String> only = r.columns.isEmpty() ? null : new LinkedHashSet<>(r.columns);
        log.progress(KIND + ": profiling '" + r.reference + "' (" + files.size() + " file" + (files.size() == 1 ? "" : "s") + ")");
        Table t = new TableReader("reference", storageTypes(o.types()), "as declared", only).read(ws, files, r.reference);
        if (only != null) {
            for (String c : only) {
                if (!t.columns.containsKey(c)) {
                    throw new SecMlOpsException("Column '" + c + "' (listed in columns) is not in the reference data " + t.where()
                            + "; it has " + t.columns.keySet() + ".", "list columns the data has.");
                }
            }
        }
        checkKeys(o, t.columns.keySet());
        TableReader.checkNonFinite(t, "reference", o.nonFinite(), null);
        for (ColumnData c : t.columns.values()) {
            checkNotEmpty(c, t, "reference");
            if (o.types().get(c.name) == ColumnType.BINARY && c.categories.size() > 2) {
                throw new SecMlOpsException("Column '" + c.name + "' is declared binary but the reference holds " + c.categories.size() + " values.",
                        "declare it categorical.");
            }
        }
        evidence.clock().lap("read");
        List<ColumnProfile> cols = Parallel.map(new ArrayList<>(t.columns.values()), r.threads, c -> {
            ColumnProfile p = ReferenceProfile.profile(c, r.sampleSize, r.seed);
            return o.types().get(c.name) == ColumnType.BINARY ? withType(p, ColumnType.BINARY) : p;
        });
        ReferenceProfile profile = new ReferenceProfile(ReferenceProfile.SCHEMA_VERSION, Map.of("name", "secmlops", "version", Version.get()),
                t.format.id, t.rows, t.sources, new ReferenceProfile.Settings(r.sampleSize, r.seed, ReferenceProfile.QUANTILES,
                ReferenceProfile.PSI_BINS, ReferenceProfile.DISTINCT_CAP), cols, null);
        byte[] json = profile.toJson();
        evidence.clock().lap("profile");
        t.sources.forEach(s -> evidence.subject(Subject.sha256(s.path(), s.sha256())));
        evidence.parameter("mode", "profile").parameter("reference", r.reference).parameter("profileOut", r.profileOut)
                .parameter("columns", r.columns.isEmpty() ? null : r.columns)
                .parameter("columnTypes", r.columnTypes.isEmpty() ? null : r.columnTypes)
                .parameter("nonFinite", o.nonFinite().id()).parameter("sampleSize", r.sampleSize).parameter("seed", r.seed);
        List<Map<String, Object>> colSummary = new ArrayList<>();
        for (ColumnProfile c : cols) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", c.name());
            m.put("type", c.type());
            m.put("count", c.count());
            if (c.missing() > 0) {
                m.put("missing", c.missing());
            }
            if (c.nonFinite() > 0) {
                m.put("nonFinite", c.nonFinite());
            }
            if (c.sample() != null && !c.sample().complete()) {
                m.put("ksErrorBound", c.sample().ksError());
                m.put("wassersteinErrorBound", Math.min(c.sample().wassersteinError(),
                        c.quantiles() == null ? Double.MAX_VALUE : c.quantiles().wassersteinError()) / Math.max(c.std(), 0.001));
            }
            colSummary.add(m);
        }
        String profileDigest = ParallelHasher.sha256Hex(json);
        evidence.result("profile", Map.of("schemaVersion", ReferenceProfile.SCHEMA_VERSION, "sha256", profileDigest, "bytes", json.length))
                .result("rows", t.rows).result("columns", colSummary)
                .output(PROFILE_FILE, json);
        if (out != null) {
            try {
                AtomicFiles.write(out, json);
            } catch (IOException e) {
                throw new SecMlOpsException("Cannot write the profile to '" + r.profileOut + "': " + e.getMessage() + ".",
                        "check free disk space and permissions of that folder.", e);
            }
        }
        String summary = String.format(Locale.ROOT, "%s '%s': profiled %d column%s of %,d rows into %s (sha256:%s)", KIND, r.name, cols.size(),
                cols.size() == 1 ? "" : "s", t.rows, out != null ? ws.relative(out) : PROFILE_FILE, profileDigest);
        return evidence.commit(r.outputRoot, new Gate(), summary);
    }

    private static ColumnProfile withType(ColumnProfile p, ColumnType t) {
        return new ColumnProfile(p.name(), t.id(), p.count(), p.missing(), p.nan(), p.posInf(), p.negInf(), p.mean(), p.std(), p.min(),
                p.max(), p.distinct(), p.valueCounts(), p.categories(), p.bins(), p.sample(), p.quantiles());
    }

    private static Map<String, ColumnType> storageTypes(Map<String, ColumnType> declared) {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        declared.forEach((k, v) -> m.put(k, v == ColumnType.NUMERIC ? ColumnType.NUMERIC : ColumnType.CATEGORICAL));
        return m;
    }

    /** Raw reference and current inferred separately: numbers against text is an error; text against numbers reads again. */
    private static Table reconcile(Workspace ws, Table ref, Table cur, List<Path> curFiles, Set<String> only) throws SecMlOpsException {
        Set<String> reread = new LinkedHashSet<>();
        for (ColumnData rc : ref.columns.values()) {
            ColumnData cc = cur.columns.get(rc.name);
            if (cc == null || rc.numeric() == cc.numeric()) {
                continue;
            }
            if (rc.numeric()) {
                String where = cc.firstOther != null ? cc.firstOther + " holds '" + TableReader.abbreviate(cc.firstOtherToken) + "'"
                        : "it holds text";
                throw new SecMlOpsException("The current column '" + rc.name + "' is not numeric: " + where
                        + ", which is not a number; the column is numeric in the reference.",
                        "correct the current data, or declare the column categorical (columnTypes) for both.");
            }
            reread.add(rc.name);
        }
        if (reread.isEmpty()) {
            return cur;
        }
        Map<String, ColumnType> asCat = new LinkedHashMap<>();
        reread.forEach(n -> asCat.put(n, ColumnType.CATEGORICAL));
        Table again = new TableReader("current", asCat, "in the reference", reread).read(ws, curFiles, cur.label);
        for (String n : reread) {
            cur.columns.put(n, again.columns.get(n));
        }
        return cur;
    }

    private static List<String> checkSchema(DriftRequest r, Options o, List<String> ref, List<String> cur) throws SecMlOpsException {
        List<String> tested;
        if (!r.columns.isEmpty()) {
            for (String c : r.columns) {
                boolean inRef = ref.contains(c);
                boolean inCur = cur.contains(c);
                if (!inRef || !inCur) {
                    throw new SecMlOpsException("Column '" + c + "' (listed in columns) is not in the "
                            + (!inRef && !inCur ? "reference nor the current data" : !inRef ? "reference" : "current data")
                            + "; the reference has " + ref + ", the current data " + cur + ".", "list columns that both have.");
                }
            }
            tested = new ArrayList<>(new LinkedHashSet<>(r.columns));
        } else {
            List<String> missing = new ArrayList<>(ref);
            missing.removeAll(cur);
            List<String> extra = new ArrayList<>(cur);
            extra.removeAll(ref);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                List<String> parts = new ArrayList<>();
                if (!missing.isEmpty()) {
                    parts.add("missing from the current data: " + missing);
                }
                if (!extra.isEmpty()) {
                    parts.add("not in the reference: " + extra);
                }
                throw new SecMlOpsException("The current data's columns" + (r.current == null ? "" : " ('" + r.current + "')")
                        + " differ from the reference's" + (r.reference == null ? "" : " ('" + r.reference + "')") + ": " + String.join("; ", parts) + ".",
                        "give current data with the reference's columns, or list the columns to test (columns).");
            }
            tested = ref;
        }
        checkKeys(o, new LinkedHashSet<>(tested));
        return tested;
    }

    static void checkKeys(Options o, Set<String> tested) throws SecMlOpsException {
        for (String k : o.tests().keySet()) {
            if (!tested.contains(k)) {
                throw new SecMlOpsException("A test is chosen for column '" + k + "', which is not tested (columns: " + tested + ").",
                        "check the column name.");
            }
        }
        for (String k : o.thresholds().keySet()) {
            if (!tested.contains(k)) {
                throw new SecMlOpsException("A threshold is set for column '" + k + "', which is not tested (columns: " + tested + ").",
                        "check the column name.");
            }
        }
        for (String k : o.types().keySet()) {
            if (!tested.contains(k)) {
                throw new SecMlOpsException("A type is declared for column '" + k + "', which is not tested (columns: " + tested + ").",
                        "check the column name.");
            }
        }
        for (Map.Entry<String, DriftTest> e : o.tests().entrySet()) {
            ColumnType declared = o.types().get(e.getKey());
            if (declared != null && declared != ColumnType.NUMERIC && !e.getValue().appliesTo(declared)) {
                throw new SecMlOpsException("The test " + e.getValue().id() + " cannot run on column '" + e.getKey() + "', declared "
                        + declared.id() + ".", "use chisquare, z, jensenshannon or psi for categorical columns.");
            }
        }
    }

    static void checkNotEmpty(ColumnData c, Table t, String role) throws SecMlOpsException {
        if (c.count() > 0) {
            return;
        }
        List<String> why = new ArrayList<>();
        if (c.missing > 0) {
            why.add(c.missing + " missing");
        }
        if (c.nonFinite() > 0) {
            why.add(TableReader.nonFiniteText(c));
        }
        throw new SecMlOpsException("The " + role + " column '" + c.name + "' in " + t.where() + " has no usable value"
                + (why.isEmpty() ? "" : " (" + String.join(", ", why) + " of " + t.rows + " rows)") + ".",
                "fill the column, or leave it out with the columns parameter.");
    }

    static void correct(List<ColumnResult> results, Correction correction) throws SecMlOpsException {
        List<ColumnResult> pTests = results.stream().filter(x -> x.tested() && x.pValue != null).toList();
        double[] p = pTests.stream().mapToDouble(x -> x.pValue).toArray();
        double[] adj = correction == Correction.BONFERRONI ? Corrections.bonferroni(p)
                : correction == Correction.FDR ? Corrections.benjaminiHochberg(p) : null;
        for (int i = 0; i < pTests.size(); i++) {
            ColumnResult x = pTests.get(i);
            if (adj != null) {
                x.adjustedPValue = adj[i];
            }
        }
        for (ColumnResult x : results) {
            if (!x.tested()) {
                continue;
            }
            DriftTest t = DriftTest.parse(x.test, x.column);
            x.drifted = t.drifted(x.score(), x.threshold);
        }
    }

    static String describe(List<ColumnResult> drifted) {
        List<String> parts = new ArrayList<>();
        for (ColumnResult c : drifted.subList(0, Math.min(10, drifted.size()))) {
            parts.add(c.column + " (" + c.test + " " + scoreText(c) + ")");
        }
        return String.join(", ", parts) + (drifted.size() > 10 ? ", ..." : "");
    }

    private static String scoreText(ColumnResult c) {
        boolean p = c.distance == null;
        String name = p ? (c.adjustedPValue != null ? "adjusted p" : "p") : "distance";
        return String.format(Locale.ROOT, "%s=%.4g %s %.4g", name, c.score(), p ? "<" : ">=", c.threshold);
    }

    static String line(ColumnResult c) {
        if (!c.tested()) {
            return String.format(Locale.ROOT, "%-20s not testable: %s", c.column, c.note);
        }
        return String.format(Locale.ROOT, "%-20s %-13s %s %s", c.column, c.test,
                String.format(Locale.ROOT, "%s=%.4g (threshold %.4g)", c.distance == null ? (c.adjustedPValue != null ? "adj.p" : "p") : "distance",
                        c.score(), c.threshold), c.isDrifted() ? "DRIFT" : "ok");
    }

    static boolean isProfile(Path p) {
        return !Files.isDirectory(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    static byte[] readBytes(Path p, String label) throws SecMlOpsException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the reference profile '" + label + "': " + e.getMessage() + ".", "check that it is readable.", e);
        }
    }

    static void checkName(String name) throws SecMlOpsException {
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new SecMlOpsException("The check's name is longer than 200 characters or holds control characters.",
                    "use a short printable name such as 'pds-features'.");
        }
    }
}
