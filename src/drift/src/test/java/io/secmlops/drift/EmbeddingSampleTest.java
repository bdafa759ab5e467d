package io.secmlops.drift;

import io.secmlops.drift.stat.Mmd;
import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image profile's reservoir sample and the error bound stored with it. */
class EmbeddingSampleTest {
    static double[][] gaussian(int n, int d, double shift, long seed) {
        Random r = new Random(seed);
        double[][] m = new double[n][d];
        for (double[] row : m) {
            for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian() + shift;
            }
        }
        return m;
    }

    @Test
    void theReservoirIsAUniformSampleWithoutReplacement() {
        int n = 50;
        int k = 10;
        double[][] all = gaussian(n, 2, 0, 1);
        int[] hits = new int[n];
        int runs = 4000;
        for (long seed = 0; seed < runs; seed++) {
            double[][] s = ReferenceProfile.reservoir(all, k, seed);
            assertThat(s.length).isEqualTo(k);
            Set<double[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            Collections.addAll(distinct, s);
            assertThat(distinct).hasSize(k);
            for (int i = 0; i < n; i++) {
                if (distinct.contains(all[i])) {
                    hits[i]++;
                }
            }
        }
        assertThat(ReferenceProfile.reservoir(all, k, 3)).isEqualTo(ReferenceProfile.reservoir(all, k, 3));
        assertThat(ReferenceProfile.reservoir(all, n, 3)).isSameAs(all);
        // each vector kept with probability k/n = 0.2: 800 of 4000 expected, sd 25; the first and last slots alike
        double chi2 = 0;
        for (int h : hits) {
            chi2 += (h - 800.0) * (h - 800.0) / 800.0 / 0.8;
        }
        // chi-squared with 49 degrees of freedom (one constraint): 99.9th percentile 85.4
        assertThat(chi2).isLessThan(85.4);
    }

    @Test
    void theStoredErrorBoundsTheMmdAgainstAnyCurrentSample() throws Exception {
        double[][] ref = gaussian(600, 6, 0, 1);
        double sigma = Mmd.medianBandwidth(ref, 1);
        double[][] sample = ReferenceProfile.reservoir(ref, 80, 5);
        double err = Mmd.mmdBiased(sample, ref, sigma, 2);
        assertThat(err).isPositive();
        for (double shift : new double[] {0, 0.2, 1.0}) {
            double[][] cur = gaussian(120, 6, shift, 10 + (long) (shift * 10));
            double viaSample = Mmd.mmdBiased(sample, cur, sigma, 2);
            double viaAll = Mmd.mmdBiased(ref, cur, sigma, 2);
            assertThat(Math.abs(viaSample - viaAll)).as("shift " + shift).isLessThanOrEqualTo(err + 1e-12);
        }
    }

    @Test
    void aDamagedSampleInAProfileIsRefused() throws Exception {
        ColumnData c = new ColumnData("brightness", ColumnType.NUMERIC);
        for (double v : new double[] {1, 2, 3}) {
            c.addNumber(v);
        }
        ReferenceProfile.ColumnProfile cp = ReferenceProfile.profile(c, 100, 1);
        ReferenceProfile.EmbeddingSample bad = new ReferenceProfile.EmbeddingSample("emb.json", "t", 3, 3, 3, true, 1, 1.0, 0.0,
                new float[][] {{1, 2, 3}, {1, 2}, {0, 0, 0}});
        ReferenceProfile p = new ReferenceProfile(ReferenceProfile.SCHEMA_VERSION, java.util.Map.of(), "images", 3, java.util.List.of(),
                new ReferenceProfile.Settings(100, 1, 1000, 30, 1000), java.util.List.of(cp), bad);
        assertThatThrownBy(() -> ReferenceProfile.read(p.toJson(), "base/frames.json"))
                .isInstanceOf(SecMlOpsException.class).hasMessage("The reference profile 'base/frames.json' has an incomplete embedding sample.");
    }
}
