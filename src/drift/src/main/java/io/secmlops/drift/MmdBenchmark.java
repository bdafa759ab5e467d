package io.secmlops.drift;

import io.secmlops.drift.stat.Mmd;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the image-drift test: MMD²_u with the median-heuristic bandwidth and a permutation test on {@code n} reference
 * and {@code n} current vectors of {@code dim} dimensions (seeded Gaussians, the current shifted by 0.05 in every
 * dimension), on {@code threads} threads. Prints the load average before and after, since the machine is shared.
 */
public final class MmdBenchmark {
    private MmdBenchmark() {
    }

    public static void run(int n, int dim, int permutations, int threads, int repeat, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "MMD benchmark: %,d reference + %,d current vectors x %d dimensions, %d permutations; %d threads; %d cores; Java %s%n",
                n, n, dim, permutations, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.println("load average before: " + loadAverage());
        double[][] x = gaussian(n, dim, 0, 1);
        double[][] y = gaussian(n, dim, 0.05, 2);
        // warm-up on a slice so the timings measure compiled code
        Mmd.test(java.util.Arrays.copyOf(x, 300), java.util.Arrays.copyOf(y, 300), Mmd.medianBandwidth(x, 1), permutations, 1, threads);
        double bw = Double.MAX_VALUE;
        double test = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        Mmd.Result r = null;
        for (int k = 0; k < repeat; k++) {
            long t0 = System.nanoTime();
            double sigma = Mmd.medianBandwidth(x, 1);
            bw = Math.min(bw, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            long c0 = cpuNanos();
            r = Mmd.test(x, y, sigma, permutations, 7, threads);
            test = Math.min(test, (System.nanoTime() - t0) / 1e9);
            cpu = Math.min(cpu, (cpuNanos() - c0) / 1e9);
        }
        long pairs = (long) (2 * n) * (2 * n - 1) / 2;
        out.printf(Locale.ROOT, "%-58s %9s%n", "measurement (best of " + repeat + ")", "seconds");
        out.printf(Locale.ROOT, "%-58s %9.3f%n", "bandwidth: median of " + Math.min(n, Mmd.MEDIAN_POINTS) + "-vector subset's pair distances", bw);
        out.printf(Locale.ROOT, "%-58s %9.3f%n", String.format(Locale.ROOT, "MMD^2_u + %d permutations (%,d kernel values, once)", permutations, pairs), test);
        // CPU time over all threads: what the work costs, whatever else the shared machine runs
        out.printf(Locale.ROOT, "%-58s %9.3f%n", "  the same, CPU seconds over all threads", cpu);
        out.printf(Locale.ROOT, "result: MMD^2=%.6g p=%.4g bandwidth=%.4g%n", r.mmd2(), r.pValue(), r.bandwidth());
        out.println("load average after: " + loadAverage());
    }

    static double[][] gaussian(int n, int d, double shift, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] m = new double[n][d];
        for (double[] row : m) {
            for (int k = 0; k < d; k++) {
                double u = rnd.nextDouble();
                double v = rnd.nextDouble();
                row[k] = Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v) + shift;
            }
        }
        return m;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
