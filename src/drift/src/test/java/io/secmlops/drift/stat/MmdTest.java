package io.secmlops.drift.stat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** MMD against numpy/scipy (fixtures/make_image_fixtures.py) and its behaviour as a test. */
class MmdTest {
    static JsonNode fixtures() throws Exception {
        try (InputStream in = MmdTest.class.getResourceAsStream("/fixtures/image_reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static double[][] matrix(JsonNode a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            m[i] = new double[a.get(i).size()];
            for (int k = 0; k < m[i].length; k++) {
                m[i][k] = a.get(i).get(k).asDouble();
            }
        }
        return m;
    }

    private static void rel(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-9 * Math.max(1e-12, Math.abs(expected))));
    }

    @Test
    void bandwidthStatisticAndBiasedDistanceEqualNumpy() throws Exception {
        for (JsonNode c : fixtures().get("mmd")) {
            double[][] x = matrix(c.get("x"));
            double[][] y = matrix(c.get("y"));
            double sigma = Mmd.medianBandwidth(x, 1);
            rel(sigma, c.get("bandwidth").asDouble());
            rel(Mmd.mmd2(x, y, sigma), c.get("mmd2").asDouble());
            // the one-pass permutation code gives the same observed statistic, on 1 and on 3 threads
            rel(Mmd.test(x, y, sigma, 0, 1, 1).mmd2(), c.get("mmd2").asDouble());
            rel(Mmd.test(x, y, sigma, 19, 1, 3).mmd2(), c.get("mmd2").asDouble());
            rel(Mmd.mmdBiased(x, y, sigma, 2), c.get("mmdBiased").asDouble());
        }
    }

    @Test
    void everyPermutedStatisticEqualsTheDirectOneOnThatRelabelling() throws Exception {
        // Recompute the test's own shuffles and check each permuted statistic through p-values at B = 1.
        double[][] x = gaussian(12, 4, 0, 5);
        double[][] y = gaussian(9, 4, 0.2, 6);
        double sigma = Mmd.medianBandwidth(x, 1);
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int[] perm = new int[21];
            for (int i = 0; i < 21; i++) {
                perm[i] = i;
            }
            for (int i = 20; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            double[][] z = new double[21][];
            System.arraycopy(x, 0, z, 0, 12);
            System.arraycopy(y, 0, z, 12, 9);
            boolean[] inX = new boolean[21];
            for (int k = 0; k < 12; k++) {
                inX[perm[k]] = true;
            }
            double[][] px = new double[12][];
            double[][] py = new double[9][];
            int a = 0;
            int b = 0;
            for (int i = 0; i < 21; i++) {
                if (inX[i]) {
                    px[a++] = z[i];
                } else {
                    py[b++] = z[i];
                }
            }
            double permuted = Mmd.mmd2(px, py, sigma);
            Mmd.Result r = Mmd.test(x, y, sigma, 1, seed, 2);
            assertThat(r.atLeastAsLarge()).isEqualTo(permuted >= r.mmd2() ? 1 : 0);
        }
    }

    @Test
    void sameDistributionGivesLargePValuesShiftedGivesTheSmallest() throws Exception {
        int small = 0;
        double sumP = 0;
        int runs = 40;
        for (int s = 0; s < runs; s++) {
            double[][] x = gaussian(60, 16, 0, 100 + s);
            double[][] y = gaussian(50, 16, 0, 200 + s);
            Mmd.Result r = Mmd.test(x, y, Mmd.medianBandwidth(x, s), 100, s, 2);
            assertThat(r.pValue()).isBetween(1.0 / 101, 1.0);
            sumP += r.pValue();
            if (r.pValue() < 0.05) {
                small++;
            }
        }
        // Under H0 p is (nearly) uniform: mean near 0.5, about 5% below 0.05 (binomial(40, 0.05): P(>= 7) < 0.5%).
        assertThat(sumP / runs).isBetween(0.3, 0.7);
        assertThat(small).isLessThanOrEqualTo(6);

        double[][] x = gaussian(60, 16, 0, 1);
        double[][] y = gaussian(50, 16, 0.6, 2);
        Mmd.Result shifted = Mmd.test(x, y, Mmd.medianBandwidth(x, 1), 100, 7, 2);
        assertThat(shifted.pValue()).isEqualTo(1.0 / 101);
        assertThat(shifted.mmd2()).isPositive();
        // same seed, same answer; another thread count, same answer
        assertThat(Mmd.test(x, y, shifted.bandwidth(), 100, 7, 1)).isEqualTo(shifted);
    }

    @Test
    void medianOverASeededSubsetWhenTheReferenceIsLarge() {
        double[][] x = gaussian(Mmd.MEDIAN_POINTS + 500, 3, 0, 9);
        double a = Mmd.medianBandwidth(x, 1);
        assertThat(Mmd.medianBandwidth(x, 1)).isEqualTo(a);
        // for N(0, I_3), |x - y|^2 / 2 is chi-squared(3): median distance sqrt(2 * 2.366) = 2.175
        assertThat(a).isCloseTo(2.175, within(0.05));
    }

    static double[][] gaussian(int n, int d, double shift, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[][] m = new double[n][d];
        for (double[] row : m) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian() + shift;
            }
        }
        return m;
    }
}
