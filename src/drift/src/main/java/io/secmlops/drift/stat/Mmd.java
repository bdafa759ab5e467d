package io.secmlops.drift.stat;

import io.secmlops.engine.Parallel;
import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Maximum Mean Discrepancy between two samples of vectors (Gretton et al., "A Kernel Two-Sample Test", JMLR 2012),
 * with the Gaussian kernel {@code k(x, y) = exp(-||x - y||² / (2 σ²))}.
 *
 * <ul>
 * <li>Statistic: the unbiased estimate MMD²_u (Gretton's eq. 3): the mean kernel within X over pairs i ≠ j, plus the
 * same within Y, minus twice the mean kernel between X and Y. It can be slightly negative when there is no drift.</li>
 * <li>Bandwidth σ: the median heuristic on the reference, the median Euclidean distance over pairs i &lt; j of
 * reference vectors (numpy's median: the mean of the two middle values for an even count); over a seeded subset of
 * {@value #MEDIAN_POINTS} reference vectors when there are more.</li>
 * <li>p-value: a permutation test. The pooled sample is relabelled {@code permutations} times (seeded shuffles) and
 * p = (1 + #{permuted MMD²_u ≥ observed}) / (permutations + 1), which is never below 1/(B+1) and valid at every B
 * (Phipson and Smyth 2010).</li>
 * </ul>
 *
 * <p>Cost: one pass over the N(N-1)/2 pairs of the pooled sample computes every permutation at once. For an
 * indicator vector x of "belongs to X", the three sums are {@code xᵀK₀x}, {@code xᵀr - xᵀK₀x} and
 * {@code S - 2xᵀr + xᵀK₀x}, with K₀ the kernel matrix without its diagonal, r its row sums and S their total; so
 * each pair's kernel value is computed once and multiplied into B+1 accumulators. The kernel matrix is never stored.
 */
public final class Mmd {
    public static final int DEFAULT_PERMUTATIONS = 100;
    public static final int MEDIAN_POINTS = 1000;
    private static final int CHUNKS = 16;

    private Mmd() {
    }

    /** The observed MMD²_u, its permutation p-value and what produced them. */
    public record Result(double mmd2, double bandwidth, double pValue, int permutations, int atLeastAsLarge, long seed,
                         int referenceCount, int currentCount) {
    }

    /** The median heuristic on the reference (see the class comment). */
    public static double medianBandwidth(double[][] ref, long seed) {
        double[][] pts = ref;
        if (ref.length > MEDIAN_POINTS) {
            pts = new double[MEDIAN_POINTS][];
            int[] idx = choose(ref.length, MEDIAN_POINTS, seed);
            for (int i = 0; i < idx.length; i++) {
                pts[i] = ref[idx[i]];
            }
        }
        int n = pts.length;
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[k++] = Math.sqrt(squaredDistance(pts[i], pts[j]));
            }
        }
        Arrays.sort(d);
        int h = d.length / 2;
        return d.length % 2 == 1 ? d[h] : (d[h - 1] + d[h]) / 2;
    }

    /** MMD²_u computed directly from its definition (O(N²) kernel evaluations; for checks and small samples). */
    public static double mmd2(double[][] x, double[][] y, double sigma) {
        double g = 1 / (2 * sigma * sigma);
        int n = x.length;
        int m = y.length;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                xx += Math.exp(-g * squaredDistance(x[i], x[j]));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                yy += Math.exp(-g * squaredDistance(y[i], y[j]));
            }
        }
        for (double[] a : x) {
            for (double[] b : y) {
                xy += Math.exp(-g * squaredDistance(a, b));
            }
        }
        return 2 * xx / ((double) n * (n - 1)) + 2 * yy / ((double) m * (m - 1)) - 2 * xy / ((double) n * m);
    }

    /**
     * The biased MMD (not squared): the distance between the two samples' mean embeddings in the kernel's feature
     * space. A metric, so |MMD(S, C) - MMD(R, C)| ≤ MMD(S, R) for a sample S of a reference R and any C.
     */
    public static double mmdBiased(double[][] x, double[][] y, double sigma, int threads) throws SecMlOpsException {
        double xx = meanKernel(x, x, sigma, threads);
        double yy = meanKernel(y, y, sigma, threads);
        double xy = meanKernel(x, y, sigma, threads);
        return Math.sqrt(Math.max(0, xx + yy - 2 * xy));
    }

    private static double meanKernel(double[][] a, double[][] b, double sigma, int threads) throws SecMlOpsException {
        double g = 1 / (2 * sigma * sigma);
        List<Integer> chunks = new ArrayList<>();
        int t = Math.max(1, threads);
        for (int c = 0; c < t; c++) {
            chunks.add(c);
        }
        List<Double> parts = Parallel.map(chunks, t, c -> {
            double s = 0;
            for (int i = c; i < a.length; i += t) {
                for (double[] v : b) {
                    s += Math.exp(-g * squaredDistance(a[i], v));
                }
            }
            return s;
        });
        double s = 0;
        for (double p : parts) {
            s += p;
        }
        return s / ((double) a.length * b.length);
    }

    /**
     * The permutation test of X (reference) against Y (current).
     *
     * @param sigma the kernel bandwidth, usually {@link #medianBandwidth} of the reference
     */
    public static Result test(double[][] x, double[][] y, double sigma, int permutations, long seed, int threads)
            throws SecMlOpsException {
        int n = x.length;
        int m = y.length;
        if (n < 2 || m < 2) {
            throw new IllegalArgumentException("MMD needs at least 2 vectors per sample");
        }
        int total = n + m;
        double[][] z = new double[total][];
        System.arraycopy(x, 0, z, 0, n);
        System.arraycopy(y, 0, z, n, m);
        int c = permutations + 1;
        // ind[i*c + b] = 1 when pooled vector i is in "X" under labelling b; b = 0 is the observed labelling.
        double[] ind = new double[total * c];
        for (int i = 0; i < n; i++) {
            ind[i * c] = 1;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] perm = new int[total];
        for (int b = 1; b < c; b++) {
            for (int i = 0; i < total; i++) {
                perm[i] = i;
            }
            for (int i = total - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int k = 0; k < n; k++) {
                ind[perm[k] * c + b] = 1;
            }
        }
        double g = 1 / (2 * sigma * sigma);
        // A fixed number of interleaved row sets (long and short rows of the triangle alike), summed in a fixed
        // order: the result does not depend on the number of threads.
        int t = CHUNKS;
        List<Integer> chunks = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            chunks.add(k);
        }
        List<double[][]> parts = Parallel.map(chunks, Math.max(1, threads), chunk -> {
            double[] q = new double[c];
            double[] r = new double[total];
            double[] acc = new double[c];
            for (int i = chunk; i < total; i += t) {
                Arrays.fill(acc, 0);
                double[] zi = z[i];
                double ri = 0;
                for (int j = i + 1; j < total; j++) {
                    double k = Math.exp(-g * squaredDistance(zi, z[j]));
                    ri += k;
                    r[j] += k;
                    int base = j * c;
                    for (int b = 0; b < c; b++) {
                        acc[b] += k * ind[base + b];
                    }
                }
                r[i] += ri;
                int base = i * c;
                for (int b = 0; b < c; b++) {
                    q[b] += 2 * ind[base + b] * acc[b];
                }
            }
            return new double[][] {q, r};
        });
        double[] q = new double[c];
        double[] r = new double[total];
        for (double[][] p : parts) {
            for (int b = 0; b < c; b++) {
                q[b] += p[0][b];
            }
            for (int i = 0; i < total; i++) {
                r[i] += p[1][i];
            }
        }
        double s = 0;
        for (double v : r) {
            s += v;
        }
        double[] stat = new double[c];
        for (int b = 0; b < c; b++) {
            double xr = 0;
            for (int i = 0; i < total; i++) {
                xr += ind[i * c + b] * r[i];
            }
            double xx = q[b];
            double xy = xr - xx;
            double yy = s - 2 * xr + xx;
            stat[b] = xx / ((double) n * (n - 1)) + yy / ((double) m * (m - 1)) - 2 * xy / ((double) n * m);
        }
        int atLeast = 0;
        for (int b = 1; b < c; b++) {
            if (stat[b] >= stat[0]) {
                atLeast++;
            }
        }
        return new Result(stat[0], sigma, (1.0 + atLeast) / c, permutations, atLeast, seed, n, m);
    }

    /** Four independent sums: one running sum is a chain of dependent additions that the JIT cannot reorder. */
    static double squaredDistance(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double d0 = a[k] - b[k];
            double d1 = a[k + 1] - b[k + 1];
            double d2 = a[k + 2] - b[k + 2];
            double d3 = a[k + 3] - b[k + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < n; k++) {
            double d = a[k] - b[k];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** k of n indices without replacement (Knuth's Algorithm S, seeded), increasing. */
    static int[] choose(int n, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[k];
        int chosen = 0;
        for (int i = 0; i < n && chosen < k; i++) {
            if (rnd.nextInt(n - i) < k - chosen) {
                out[chosen++] = i;
            }
        }
        return out;
    }
}
