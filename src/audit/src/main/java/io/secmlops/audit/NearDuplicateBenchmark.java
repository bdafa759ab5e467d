package io.secmlops.audit;

import io.secmlops.audit.data.HammingIndex;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Near-duplicate search over random 64-bit hashes with planted near-duplicates: the multi-index hash against a
 * brute-force all-pairs scan over the same codes in the same run, so the ratio holds whatever the machine. Checks
 * that both find the same pairs. Run by {@code secmlops bench neardup}.
 */
public final class NearDuplicateBenchmark {
    /**
     * @param n        hashes
     * @param planted  near-duplicates planted among them (copies of earlier codes with 0..radius bits flipped)
     * @param radius   Hamming radius in bits
     * @param seed     random seed
     * @param repeat   timed repetitions of each search; the best is reported
     * @param allPairs also time the brute-force scan (the reference)
     */
    public record Options(int n, int planted, int radius, long seed, int repeat, boolean allPairs) {
        public Options {
            if (n < 2 || planted < 0 || planted > n / 2) {
                throw new IllegalArgumentException("need at least 2 hashes and at most n/2 planted near-duplicates");
            }
            if (radius < 0 || radius > 16) {
                throw new IllegalArgumentException("the radius must be 0 to 16 bits");
            }
            repeat = Math.max(1, repeat);
        }
    }

    /**
     * What one run measured.
     *
     * @param indexSeconds    build and search with the index, best of the repetitions
     * @param allPairsSeconds the brute-force scan, best of the repetitions; NaN when not run
     * @param samePairs       whether both found exactly the same pairs (true when the scan was not run)
     */
    public record Result(long pairs, long plantedFound, long indexComparisons, long allPairsComparisons, double indexSeconds,
                         double allPairsSeconds, boolean samePairs) {
    }

    private NearDuplicateBenchmark() {
    }

    /** Codes and the planted pairs, seeded: the same options always give the same data. */
    static long[] codes(Options o, Set<Long> plantedPairs) {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        long[] codes = new long[o.n()];
        for (int i = 0; i < o.n(); i++) {
            codes[i] = rnd.nextLong();
        }
        // The last `planted` codes are copies of random earlier ones with 0..radius distinct bits flipped.
        for (int k = 0; k < o.planted(); k++) {
            int copy = o.n() - o.planted() + k;
            int source = rnd.nextInt(o.n() - o.planted());
            long c = codes[source];
            int flips = rnd.nextInt(o.radius() + 1);
            long mask = 0;
            while (Long.bitCount(mask) < flips) {
                mask |= 1L << rnd.nextInt(64);
            }
            codes[copy] = c ^ mask;
            plantedPairs.add(key(source, copy));
        }
        return codes;
    }

    public static Result run(Options o, PrintWriter out) {
        Set<Long> plantedPairs = new HashSet<>();
        long[] codes = codes(o, plantedPairs);
        out.printf(Locale.ROOT, "near-duplicate search: %,d random 64-bit hashes, %,d planted near-duplicates (0..%d bits "
                + "flipped), radius %d, best of %d%n", o.n(), o.planted(), o.radius(), o.radius(), o.repeat());
        out.flush();

        double indexBest = Double.MAX_VALUE;
        Set<Long> found = null;
        long comparisons = 0;
        int chunks = 0;
        for (int r = 0; r < o.repeat(); r++) {
            Set<Long> pairs = new HashSet<>();
            long t0 = System.nanoTime();
            HammingIndex index = new HammingIndex(codes, o.radius());
            index.forEachPair((i, j, d) -> pairs.add(key(i, j)));
            indexBest = Math.min(indexBest, (System.nanoTime() - t0) / 1e9);
            found = pairs;
            comparisons = index.comparisons();
            chunks = index.chunks();
        }
        long plantedFound = plantedPairs.stream().filter(found::contains).count();
        long all = HammingIndex.allPairs(o.n());
        out.printf(Locale.ROOT, "index (multi-index hashing, %d chunks): %,d pairs, %,d Hamming comparisons, %.3f s "
                + "(build and search)%n", chunks, found.size(), comparisons, indexBest);
        out.printf(Locale.ROOT, "planted pairs found: %,d/%,d%n", plantedFound, plantedPairs.size());
        double allBest = Double.NaN;
        boolean same = true;
        if (o.allPairs()) {
            allBest = Double.MAX_VALUE;
            for (int r = 0; r < o.repeat(); r++) {
                Set<Long> reference = new HashSet<>();
                long t0 = System.nanoTime();
                HammingIndex.allPairsSearch(codes, o.radius(), (i, j, d) -> reference.add(key(i, j)));
                allBest = Math.min(allBest, (System.nanoTime() - t0) / 1e9);
                same = reference.equals(found);
            }
            out.printf(Locale.ROOT, "brute force (all pairs): %,d Hamming comparisons, %.3f s; same pairs as the index: %s%n",
                    all, allBest, same ? "yes" : "NO");
            out.printf(Locale.ROOT, "ratio: the index is %.0fx faster and makes %.0fx fewer comparisons%n", allBest / indexBest,
                    (double) all / Math.max(1, comparisons));
        } else {
            out.printf(Locale.ROOT, "brute force would make %,d Hamming comparisons: %.0fx more (not timed)%n", all,
                    (double) all / Math.max(1, comparisons));
        }
        out.flush();
        return new Result(found.size(), plantedFound, comparisons, all, indexBest, allBest, same);
    }

    private static long key(int i, int j) {
        return (long) Math.min(i, j) << 32 | Math.max(i, j);
    }
}
