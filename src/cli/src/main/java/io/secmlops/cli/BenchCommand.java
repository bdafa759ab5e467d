package io.secmlops.cli;

import io.secmlops.audit.NearDuplicateBenchmark;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.provenance.DataProvenance;
import io.secmlops.engine.provenance.ProvenanceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code secmlops bench hash}: dataset hashing, cold and warm, against {@code openssl dgst -sha256} and
 * {@code sha256sum} over the same files in the same run, so the ratios hold whatever the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print ratios against reference tools measured in the same run.",
        subcommands = {BenchCommand.Hash.class, BenchSignCommand.class, BenchCommand.Drift.class, BenchCommand.NearDup.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "drift", mixinStandardHelpOptions = true,
            description = {"KS and PSI over ROWS x COLS numeric columns on THREADS threads, and scipy's ks_2samp in the same run "
                    + "when Debian's python3-scipy is installed.",
                    "With --mmd: the image-drift test instead, MMD with a permutation test on --vectors reference and as many current "
                    + "vectors of --dimension (ROWS and COLS are then ignored)."})
    static final class Drift implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", defaultValue = "1000000", description = "Rows (default: 1000000).")
        String rows;

        @picocli.CommandLine.Parameters(index = "1", defaultValue = "20", description = "Numeric columns (default: 20).")
        String cols;

        @picocli.CommandLine.Parameters(index = "2", defaultValue = "2", description = "Threads (default: 2).")
        String threads;

        @picocli.CommandLine.Parameters(index = "3", defaultValue = "3", description = "Repetitions; the best is reported (default: 3).")
        String repeat;

        @picocli.CommandLine.Option(names = "--mmd", description = "Time MMD on embeddings instead of the tabular tests.")
        boolean mmd;

        @picocli.CommandLine.Option(names = "--vectors", defaultValue = "5000", description = "MMD: vectors per side (default: ${DEFAULT-VALUE}).")
        int vectors;

        @picocli.CommandLine.Option(names = "--dimension", defaultValue = "128", description = "MMD: dimensions (default: ${DEFAULT-VALUE}).")
        int dimension;

        @picocli.CommandLine.Option(names = "--permutations", defaultValue = "100", description = "MMD: permutations (default: ${DEFAULT-VALUE}).")
        int permutations;

        @Override
        public Integer call() throws Exception {
            if (mmd) {
                io.secmlops.drift.MmdBenchmark.run(vectors, dimension, permutations, Integer.parseInt(threads), Integer.parseInt(repeat),
                        System.out);
                return 0;
            }
            io.secmlops.drift.DriftBenchmark.main(new String[] {rows, cols, threads, repeat});
            return 0;
        }
    }

    @Command(name = "neardup", mixinStandardHelpOptions = true,
            description = "Near-duplicate search over N random 64-bit hashes with planted near-duplicates: the multi-index "
                    + "hash of dataAudit against a brute-force all-pairs scan over the same hashes in the same run.")
    static final class NearDup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--n", description = "Hashes (default: 100000).")
        int n = 100_000;

        @Option(names = "--planted", description = "Planted near-duplicates (default: 1000).")
        int planted = 1_000;

        @Option(names = "--radius", description = "Hamming radius in bits, as dataAudit's hamming (default: 6).")
        int radius = 6;

        @Option(names = "--seed", description = "Random seed (default: 1).")
        long seed = 1;

        @Option(names = "--repeat", description = "Timed repetitions of each search; the best is reported (default: 3).")
        int repeat = 3;

        @Option(names = "--no-brute-force", description = "Skip timing the all-pairs scan (it takes seconds at 100,000 hashes).")
        boolean noBruteForce;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            NearDuplicateBenchmark.Options options;
            try {
                options = new NearDuplicateBenchmark.Options(n, planted, radius, seed, repeat, !noBruteForce);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage() + ".");
                return ExitCode.USAGE;
            }
            out.println("machine: " + BenchFiles.machine() + " (single-threaded search)");
            NearDuplicateBenchmark.Result r = NearDuplicateBenchmark.run(options, out);
            // a benchmark whose two searches disagree measures nothing: say so in the exit code
            return r.samePairs() && r.plantedFound() == planted ? ExitCode.PASS : ExitCode.GATE_FAILED;
        }
    }

    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = "Hash a generated dataset (default about 2 GB: 10,000 small files and three 500 MB files) cold and warm.")
    static final class Hash implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", description = "Where the dataset is generated (default: work/bench/hash).")
        Path dir = Path.of("work/bench/hash");

        @Option(names = "--small-files", description = "Number of small files (default: 10000).")
        int smallFiles = 10_000;

        @Option(names = "--small-max-kb", description = "Largest small file in KiB; sizes are uniform from 1 KiB (default: 64).")
        int smallMaxKb = 64;

        @Option(names = "--large-files", description = "Number of large files (default: 3).")
        int largeFiles = 3;

        @Option(names = "--large-mb", description = "Size of each large file in MB (default: 500).")
        int largeMb = 500;

        @Option(names = "--threads", description = "Hashing threads (default: one per core).")
        int threads;

        @Option(names = "--repeat", description = "Timed repetitions of each measurement; the best is reported (default: 3).")
        int repeat = 3;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path root = dir.toAbsolutePath().normalize();
            Path data = root.resolve("dataset");
            generate(data, out);
            List<Path> files = listFiles(data);
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            out.printf(Locale.ROOT, "dataset: %,d files, %.2f GB in %s%n", files.size(), bytes / 1e9, data);
            out.println("machine: " + BenchFiles.machine());
            out.println("(files are in the page cache for every measurement: 'cold' means no hash cache, not a cold disk)");
            out.flush();

            // Warm up the JIT on a small run so that 'cold' measures hashing, not class loading.
            run(root, data.resolve("small/000"), true);

            // Two kinds of warm run: the re-run of a build whose dataset is unchanged (the cache written by an
            // earlier build; what CI sees), and, for comparison, a run straight after a cold pass over 2 GB, which
            // also pays for that pass's after-effects in the same process (collecting its buffers, JIT state).
            double[] cold = new double[repeat];
            double[] afterCold = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                cold[i] = run(root, data, true);
                afterCold[i] = run(root, data, false);
            }
            double[] warm = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                warm[i] = run(root, data, false);
            }
            double bestCold = min(cold);
            double openssl = best(() -> BenchFiles.referenceTool(root, data, "openssl dgst -sha256"));
            double sha256sum = best(() -> BenchFiles.referenceTool(root, data, "sha256sum"));

            out.printf(Locale.ROOT, "%-40s %9s %10s %s%n", "measurement (best of " + repeat + ")", "seconds", "GB/s", "ratio");
            row(out, "secmlops cold (no cache)", bestCold, bytes, "1.00");
            row(out, "secmlops warm re-run (unchanged)", min(warm), bytes, String.format(Locale.ROOT, "%.1f%% of cold (median %.1f%%)",
                    100 * min(warm) / bestCold, 100 * median(warm) / bestCold));
            row(out, "secmlops warm, straight after a cold run", min(afterCold), bytes, String.format(Locale.ROOT,
                    "%.1f%% of cold (median %.1f%%)", 100 * min(afterCold) / bestCold, 100 * median(afterCold) / bestCold));
            row(out, "openssl dgst -sha256 (one stream)", openssl, bytes, String.format(Locale.ROOT, "cold is %.2fx this", openssl / bestCold));
            row(out, "sha256sum (one stream)", sha256sum, bytes, String.format(Locale.ROOT, "cold is %.2fx this", sha256sum / bestCold));
            out.flush();
            return 0;
        }

        interface Timed {
            double seconds() throws Exception;
        }

        private double best(Timed t) throws Exception {
            double b = Double.MAX_VALUE;
            for (int i = 0; i < repeat; i++) {
                b = Math.min(b, t.seconds());
            }
            return b;
        }

        private static void row(PrintWriter out, String name, double seconds, long bytes, String ratio) {
            out.printf(Locale.ROOT, "%-40s %9.3f %10.2f %s%n", name, seconds, bytes / 1e9 / seconds, ratio);
        }

        private static double min(double[] v) {
            return java.util.Arrays.stream(v).min().orElseThrow();
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            java.util.Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        private double run(Path root, Path data, boolean cold) throws SecMlOpsException, IOException {
            Path cache = root.resolve("cache");
            if (cold) {
                BenchFiles.deleteTree(cache);
            }
            long t0 = System.nanoTime();
            StepResult r = new DataProvenance(ProgressListener.SILENT).run(
                    ProvenanceRequest.builder(root, root.relativize(data).toString(), "bench")
                            .outputRoot(root.resolve("evidence")).cacheDir(cache).threads(threads).build());
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.record().results().get("rootDigest") == null) {
                throw new IllegalStateException("no digest");
            }
            return s;
        }


        private void generate(Path data, PrintWriter out) throws IOException {
            Path marker = data.resolveSibling(String.format(Locale.ROOT, ".complete-%d-%d-%d-%d", smallFiles, smallMaxKb, largeFiles, largeMb));
            if (Files.exists(marker)) {
                return;
            }
            out.println("generating the dataset (once) in " + data);
            out.flush();
            BenchFiles.deleteTree(data);
            Files.deleteIfExists(marker);
            SplittableRandom rnd = new SplittableRandom(2026);
            byte[] buf = new byte[1 << 20];
            for (int i = 0; i < smallFiles; i++) {
                Path f = data.resolve(String.format(Locale.ROOT, "small/%03d/%05d.bin", i / 100, i));
                Files.createDirectories(f.getParent());
                int size = 1024 + rnd.nextInt(smallMaxKb * 1024 - 1023);
                BenchFiles.fill(rnd, buf, size);
                Files.write(f, java.util.Arrays.copyOf(buf, size));
            }
            for (int i = 0; i < largeFiles; i++) {
                Path f = data.resolve(String.format(Locale.ROOT, "large/%02d.bin", i));
                Files.createDirectories(f.getParent());
                try (OutputStream os = Files.newOutputStream(f)) {
                    long left = (long) largeMb * 1_000_000L;
                    while (left > 0) {
                        int n = (int) Math.min(buf.length, left);
                        BenchFiles.fill(rnd, buf, n);
                        os.write(buf, 0, n);
                        left -= n;
                    }
                }
            }
            // Back-date the files: the cache does not keep files modified in the last seconds (racy timestamps).
            FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
            for (Path f : listFiles(data)) {
                Files.setLastModifiedTime(f, old);
            }
            Files.deleteIfExists(marker);
            Files.createFile(marker);
        }


        private static List<Path> listFiles(Path data) throws IOException {
            try (Stream<Path> s = Files.walk(data)) {
                List<Path> files = new ArrayList<>();
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".complete")).forEach(files::add);
                return files;
            }
        }

    }
}
