package io.secmlops.drift;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.drift.stat.KolmogorovSmirnov;
import io.secmlops.drift.stat.Sums;
import io.secmlops.drift.stat.TwoSampleTests;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What the drift tests need of a reference dataset, so that later builds can test against it without keeping the
 * data. Per column: counts (used, missing, NaN, infinities), mean, population standard deviation, min, max; for
 * numeric columns the exact value counts when there are at most {@value #DISTINCT_CAP} distinct values, 30
 * reference-quantile bins with exact counts (PSI, Jensen–Shannon), a seeded uniform random sample of at most
 * {@code sampleSize} values (KS, Wasserstein) and, when the sample is not the whole column, {@value #QUANTILES}+1
 * exact quantiles; for categorical columns every category's count.
 *
 * <h2>Error bounds when a test is computed from the profile</h2>
 * <ul>
 * <li>chi-squared, Z, Jensen–Shannon, PSI: exact (counts and bins are exact).</li>
 * <li>Any test on a column of at most {@code sampleSize} values: exact (the sample is the whole column).</li>
 * <li>KS on a larger column: computed between the sample and the current data. The statistic differs from the
 * full-reference statistic by at most {@code sample.ksError} = sup|F_sample - F_reference| (triangle inequality),
 * which the profile measures exactly when it is made (DKW: about 1.36/sqrt(k) at 95%, 0.019 for k = 5,000). The
 * p-value is that of a valid KS test with reference size k: less powerful than on the full data, never
 * anti-conservative.</li>
 * <li>Normed Wasserstein on a larger column: computed from whichever of the quantile summary (linear between exact
 * quantiles) or the sample lies closer to the full reference in W1; the distance differs from the full-reference one
 * by at most that W1 (stored, measured exactly when profiling), divided by the reference standard deviation.</li>
 * </ul>
 */
@JsonPropertyOrder({"schemaVersion", "tool", "format", "rows", "files", "settings", "columns", "embeddings"})
public record ReferenceProfile(String schemaVersion, Map<String, String> tool, String format, long rows,
                               List<SourceFile> files, Settings settings, List<ColumnProfile> columns, EmbeddingSample embeddings) {
    public static final String SCHEMA_VERSION = "secmlops.drift-profile/v1";
    public static final int DISTINCT_CAP = 1000;
    public static final int CATEGORY_CAP = 100_000;
    public static final int QUANTILES = 1000;
    public static final int PSI_BINS = 30;
    /** Evidently bins a numeric column per value when the reference has at most this many distinct values. */
    public static final int PER_VALUE_BINS_MAX = 20;

    /** How the profile was made. */
    public record Settings(int sampleSize, long seed, int quantiles, int psiBins, int distinctCap) {
    }

    /** A uniform random sample without replacement (Knuth's selection sampling, seeded), sorted. */
    @JsonPropertyOrder({"size", "complete", "ksError", "wassersteinError", "values"})
    public record Sample(int size, boolean complete, double ksError, double wassersteinError, double[] values) {
    }

    /**
     * Image profiles ({@code format: "images"}): a reservoir sample of the reference's embedding vectors for MMD, the
     * bandwidth chosen on the whole reference, and {@code mmdError}: the biased MMD between the sample and the whole
     * reference at that bandwidth, measured when profiling. MMD is a metric, so any MMD computed against the sample
     * differs from the one against the whole reference by at most {@code mmdError}; the permutation p-value is that of
     * a valid test with reference size {@code size} (less power, never anti-conservative).
     */
    @JsonPropertyOrder({"source", "tensor", "dimension", "count", "size", "complete", "seed", "bandwidth", "mmdError", "vectors"})
    public record EmbeddingSample(String source, String tensor, int dimension, int count, int size, boolean complete, long seed,
                                  double bandwidth, double mmdError, float[][] vectors) {
    }

    /** Exact quantiles at levels i/levels, i = 0..levels (minimum and maximum included). */
    @JsonPropertyOrder({"levels", "wassersteinError", "values"})
    public record Quantiles(int levels, double wassersteinError, double[] values) {
    }

    /** Bins (-inf, e1], (e1, e2], ..., (ek, +inf) with the reference's exact counts. */
    public record Bins(double[] edges, long[] counts) {
    }

    @JsonPropertyOrder({"name", "type", "count", "missing", "nan", "posInf", "negInf", "mean", "std", "min", "max", "distinct",
            "valueCounts", "categories", "bins", "sample", "quantiles"})
    public record ColumnProfile(String name, String type, long count, long missing, long nan, long posInf, long negInf,
                                Double mean, Double std, Double min, Double max, Long distinct, double[][] valueCounts,
                                Map<String, Long> categories, Bins bins, Sample sample, Quantiles quantiles) {
        public ColumnType columnType() {
            return ColumnType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        }

        public boolean numeric() {
            return "numeric".equals(type);
        }

        long nonFinite() {
            return nan + posInf + negInf;
        }
    }

    /** Profiles one column read in full; {@code sampleSize} bounds the stored sample (MAX_VALUE keeps everything). */
    static ColumnProfile profile(ColumnData c, int sampleSize, long seed) throws SecMlOpsException {
        String type = c.type.id();
        if (!c.numeric()) {
            if (c.categories.size() > CATEGORY_CAP) {
                throw new SecMlOpsException("The reference column '" + c.name + "' has " + c.categories.size()
                        + " distinct values, more than " + CATEGORY_CAP + ": no drift test is meaningful on it (an id?).",
                        "leave it out with the columns parameter.");
            }
            Map<String, Long> cats = new LinkedHashMap<>();
            new TreeMap<>(c.categories).forEach((k, v) -> cats.put(k, v[0]));
            return new ColumnProfile(c.name, type, c.count(), c.missing, 0, 0, 0, null, null, null, null,
                    (long) cats.size(), null, cats, null, null, null);
        }
        double[] v = c.sortedValues();
        int n = v.length;
        double[] ms = Sums.meanStd(v);
        long distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || v[i] != v[i - 1]) {
                distinct++;
            }
        }
        double[][] valueCounts = null;
        if (distinct <= DISTINCT_CAP) {
            valueCounts = new double[(int) distinct][];
            int k = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && v[j] == v[i]) {
                    j++;
                }
                valueCounts[k++] = new double[] {v[i], j - i};
                i = j;
            }
        }
        Bins bins = distinct > PER_VALUE_BINS_MAX ? quantileBins(v) : null;
        Sample sample;
        Quantiles quantiles = null;
        if (n <= sampleSize) {
            sample = new Sample(n, true, 0.0, 0.0, v);
        } else {
            double[] s = select(v, sampleSize, seed);
            sample = new Sample(s.length, false, KolmogorovSmirnov.statistic(s, v), TwoSampleTests.wasserstein(s, v), s);
            double[] q = new double[QUANTILES + 1];
            q[0] = v[0];
            for (int i = 1; i <= QUANTILES; i++) {
                q[i] = v[(int) Math.max(0, Math.ceil((double) i * n / QUANTILES) - 1)];
            }
            quantiles = new Quantiles(QUANTILES, TwoSampleTests.wassersteinLinearQuantiles(q, v), q);
        }
        return new ColumnProfile(c.name, type, n, c.missing, c.nan, c.posInf, c.negInf, ms[0], ms[1], v[0], v[n - 1],
                distinct <= DISTINCT_CAP ? distinct : null, valueCounts, null, bins, sample, quantiles);
    }

    /** Edges at the reference's k/30 quantiles (values of the data, duplicates removed). */
    static Bins quantileBins(double[] v) {
        int n = v.length;
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < PSI_BINS; k++) {
            double e = v[(int) Math.max(0, Math.ceil((double) k * n / PSI_BINS) - 1)];
            if (e < v[n - 1] && (edges.isEmpty() || e > edges.get(edges.size() - 1))) {
                edges.add(e);
            }
        }
        double[] ed = edges.stream().mapToDouble(Double::doubleValue).toArray();
        return new Bins(ed, binCounts(ed, v));
    }

    /** Counts of a sorted sample in the bins of {@code edges}. */
    static long[] binCounts(double[] edges, double[] sorted) {
        long[] counts = new long[edges.length + 1];
        int prev = 0;
        for (int k = 0; k < edges.length; k++) {
            int upto = upperBound(sorted, edges[k]);
            counts[k] = upto - prev;
            prev = upto;
        }
        counts[edges.length] = sorted.length - prev;
        return counts;
    }

    static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Knuth's Algorithm S: k of n without replacement, each subset equally likely; keeps the input order. */
    static double[] select(double[] sorted, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] out = new double[k];
        int chosen = 0;
        int n = sorted.length;
        for (int i = 0; i < n && chosen < k; i++) {
            if (rnd.nextInt(n - i) < k - chosen) {
                out[chosen++] = sorted[i];
            }
        }
        return out;
    }

    /** Algorithm R (Vitter 1985): a uniform sample of k of the vectors, seeded; in input order of the kept slots. */
    static double[][] reservoir(double[][] all, int k, long seed) {
        if (all.length <= k) {
            return all;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] r = Arrays.copyOf(all, k);
        for (int i = k; i < all.length; i++) {
            int j = rnd.nextInt(i + 1);
            if (j < k) {
                r[j] = all[i];
            }
        }
        return r;
    }

    /** Serialised without indentation: samples make long arrays. */
    public byte[] toJson() {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads and checks a profile: schema version first, then structure. */
    public static ReferenceProfile read(byte[] json, String source) throws SecMlOpsException {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new SecMlOpsException("The reference profile '" + source + "' is not valid JSON: " + firstLine(e.getMessage()) + ".",
                    "create it again with mode 'profile' (secmlops drift --profile-out).", e);
        }
        JsonNode v = node == null ? null : node.get("schemaVersion");
        if (v == null || !v.isTextual()) {
            throw new SecMlOpsException("The file '" + source + "' is not a reference profile (it has no schemaVersion).",
                    "give a profile made with mode 'profile', or the raw reference data (*.csv, *.jsonl).");
        }
        if (!SCHEMA_VERSION.equals(v.asText())) {
            throw new SecMlOpsException("The reference profile '" + source + "' has schema version '" + v.asText() + "'; this version of "
                    + "secmlops reads '" + SCHEMA_VERSION + "'.", "create the profile again from the reference data with this version (mode 'profile').");
        }
        ReferenceProfile p;
        try {
            p = Json.mapper().treeToValue(node, ReferenceProfile.class);
        } catch (IOException e) {
            throw new SecMlOpsException("The reference profile '" + source + "' is damaged: " + firstLine(e.getMessage()) + ".",
                    "create it again with mode 'profile'.", e);
        }
        EmbeddingSample e = p.embeddings();
        if (e != null && (e.vectors() == null || e.vectors().length != e.size() || e.size() < 2 || !(e.bandwidth() > 0)
                || java.util.Arrays.stream(e.vectors()).anyMatch(vec -> vec == null || vec.length != e.dimension()))) {
            throw new SecMlOpsException("The reference profile '" + source + "' has an incomplete embedding sample.",
                    "create it again with mode 'profile'.");
        }
        if (p.columns() == null || p.columns().isEmpty() || p.format() == null) {
            throw new SecMlOpsException("The reference profile '" + source + "' lists no columns or no format.", "create it again with mode 'profile'.");
        }
        for (ColumnProfile c : p.columns()) {
            boolean ok = c.name() != null && c.type() != null && c.count() > 0;
            if (ok && c.numeric()) {
                ok = c.sample() != null && c.sample().values() != null && c.sample().values().length == c.sample().size()
                        && c.std() != null && (c.sample().complete() || c.quantiles() != null) && sorted(c.sample().values());
            } else if (ok) {
                ok = c.categories() != null && !c.categories().isEmpty();
            }
            if (!ok) {
                throw new SecMlOpsException("The reference profile '" + source + "' column '" + c.name() + "' is incomplete.",
                        "create it again with mode 'profile'.");
            }
        }
        return p;
    }

    private static boolean sorted(double[] a) {
        for (int i = 1; i < a.length; i++) {
            if (!(a[i - 1] <= a[i])) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }

    ColumnProfile column(String name) {
        for (ColumnProfile c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static double[] copy(double[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
