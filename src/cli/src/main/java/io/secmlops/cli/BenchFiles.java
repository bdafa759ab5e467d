package io.secmlops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** What the benchmarks share: seeded random content, clean-up, and timing a reference tool over the same files. */
final class BenchFiles {
    /**
     * What every benchmark prints about where it ran: cores, OS, Java and the load average at the start (the machine
     * may be shared, and the figures are only comparable with the load beside them).
     */
    static String machine() {
        return String.format(java.util.Locale.ROOT, "%d cores, %s %s, Java %s; load average %.2f", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private BenchFiles() {
    }

    /** Fills {@code buf[0..n)} with seeded random bytes (incompressible, reproducible). */
    static void fill(SplittableRandom rnd, byte[] buf, int n) {
        for (int i = 0; i < n; i += 8) {
            long v = rnd.nextLong();
            for (int k = 0; k < 8 && i + k < n; k++) {
                buf[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /**
     * Seconds for one stream of {@code command} (e.g. {@code openssl dgst -sha256}) over every file under {@code data},
     * in code-point order, output discarded: the reference each benchmark prints its ratios against.
     */
    static double referenceTool(Path root, Path data, String command) throws IOException, InterruptedException {
        Path list = root.resolve("files.txt");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "find . -type f -print0 | LC_ALL=C sort -z > " + list + " && ( xargs -0 " + command + " < " + list + " ) > /dev/null")
                .directory(data.toFile()).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IOException(command + " exited " + rc);
        }
        return s;
    }
}
