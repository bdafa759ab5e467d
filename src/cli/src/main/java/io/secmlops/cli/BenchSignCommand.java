package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.hash.FileEntry;
import io.secmlops.engine.hash.FileTree;
import io.secmlops.engine.hash.HashUnit;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.hash.WalkOptions;
import io.secmlops.engine.io.Workspace;
import io.secmlops.signing.ModelSigning;
import io.secmlops.signing.Oms;
import io.secmlops.signing.SerializationMethod;
import io.secmlops.signing.SignRequest;
import io.secmlops.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code secmlops bench sign}: what OMS model signing costs on top of hashing the same bytes, for both
 * serialisation methods, against one {@code openssl dgst -sha256} stream over the same files, all in the same run.
 *
 * <p>"Hashing alone" is {@link ParallelHasher} over exactly the units {@code modelSign} digests (one per file for
 * {@code files}, one per shard for {@code shards}), with the listing done beforehand. "Sign" is
 * {@link ModelSigning#sign(Workspace, SignRequest, SigningKey, Path, RunEnvironment, ProgressListener)} end to end:
 * listing, hashing, statement, ECDSA P-256 signature, bundle and evidence written. The signature and the evidence go
 * outside the model folder so every measurement reads the same files.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a generated model (default about 4 GB: 2,000 small files of about 1 GB in all, and one 3 GB file) "
                + "with methods files and shards; compare with hashing alone and with openssl dgst -sha256.")
final class BenchSignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Where the model is generated (default: work/bench/sign).")
    Path dir = Path.of("work/bench/sign");

    @Option(names = "--small-files", description = "Number of small files (default: 2000).")
    int smallFiles = 2_000;

    @Option(names = "--small-max-kb", description = "Largest small file in KiB; sizes are uniform from 1 KiB (default: 1000, "
            + "about 1 GB in all with 2,000 files).")
    int smallMaxKb = 1_000;

    @Option(names = "--large-mb", description = "Size of the large file in MB (default: 3000).")
    int largeMb = 3_000;

    @Option(names = "--shard-size", description = "Shard size for method shards in bytes (default: 1000000000, as model_signing).")
    long shardSize = Oms.DEFAULT_SHARD_SIZE;

    @Option(names = "--threads", description = "Hashing threads (default: one per core).")
    int threads;

    @Option(names = "--repeat", description = "Timed rounds of all measurements, interleaved; the best of each is reported (default: 3).")
    int repeat = 3;

    /** Generated for each run, never written anywhere. */
    private SigningKey key;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir.toAbsolutePath().normalize();
        Path model = root.resolve("model");
        generate(model, out);
        int threadCount = threads > 0 ? threads : ParallelHasher.defaultThreads();

        List<FileEntry> files = FileTree.list(model, new WalkOptions(false, Set.copyOf(Oms.GIT_PATHS), List.of(), Set.of()), "model");
        long bytes = 0;
        for (FileEntry f : files) {
            bytes += f.size();
        }
        List<HashUnit> fileUnits = units(files, SerializationMethod.FILES);
        List<HashUnit> shardUnits = units(files, SerializationMethod.SHARDS);
        out.printf(Locale.ROOT, "model: %,d files, %.2f GB in %s; shards of %,d bytes: %,d units%n", files.size(), bytes / 1e9,
                model, shardSize, shardUnits.size());
        out.println("machine: " + BenchFiles.machine() + "; " + threadCount + " hashing threads");
        out.println("(files are in the page cache for every measurement; signing never uses a hash cache)");
        out.flush();

        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        key = SigningKey.of(gen.generateKeyPair().getPrivate(), "generated P-256 key");
        Workspace workspace = new Workspace(root);
        ParallelHasher hasher = new ParallelHasher(threadCount, ProgressListener.SILENT);

        // Warm up the JIT and the page cache: one pass of each path.
        hasher.digest(fileUnits);
        sign(workspace, root, SerializationMethod.FILES);

        // Interleaved rounds, so that each measurement sees the same machine state; the best of each is kept.
        double hashFiles = Double.MAX_VALUE;
        double signFiles = Double.MAX_VALUE;
        double hashShards = Double.MAX_VALUE;
        double signShards = Double.MAX_VALUE;
        double openssl = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(1, repeat); i++) {
            hashFiles = Math.min(hashFiles, hash(hasher, fileUnits));
            signFiles = Math.min(signFiles, sign(workspace, root, SerializationMethod.FILES));
            hashShards = Math.min(hashShards, hash(hasher, shardUnits));
            signShards = Math.min(signShards, sign(workspace, root, SerializationMethod.SHARDS));
            openssl = Math.min(openssl, BenchFiles.referenceTool(root, model, "openssl dgst -sha256"));
        }

        out.printf(Locale.ROOT, "%-40s %9s %8s  %s%n", "measurement (best of " + repeat + ")", "seconds", "GB/s", "ratio");
        row(out, "openssl dgst -sha256 (one stream)", openssl, bytes, "1.00x");
        row(out, "hash alone, files (" + fileUnits.size() + " units)", hashFiles, bytes, vsOpenssl(hashFiles, openssl));
        row(out, "modelSign files (ModelSigning.sign)", signFiles, bytes,
                overhead(signFiles, hashFiles) + ", " + vsOpenssl(signFiles, openssl));
        row(out, "hash alone, shards (" + shardUnits.size() + " units)", hashShards, bytes, vsOpenssl(hashShards, openssl));
        row(out, "modelSign shards (ModelSigning.sign)", signShards, bytes,
                overhead(signShards, hashShards) + ", " + vsOpenssl(signShards, openssl));
        out.flush();
        return 0;
    }

    private static String overhead(double sign, double hash) {
        return String.format(Locale.ROOT, "signing overhead %+.1f%% vs hashing", 100 * (sign - hash) / hash);
    }

    private static String vsOpenssl(double seconds, double openssl) {
        return String.format(Locale.ROOT, "%.2fx openssl time", seconds / openssl);
    }

    private static void row(PrintWriter out, String name, double seconds, long bytes, String ratio) {
        out.printf(Locale.ROOT, "%-40s %9.3f %8.2f  %s%n", name, seconds, bytes / 1e9 / seconds, ratio);
    }

    /** The units modelSign digests, named as it names them: whole files, or {@code path:start:end} shards. */
    private List<HashUnit> units(List<FileEntry> files, SerializationMethod method) {
        List<HashUnit> units = new ArrayList<>();
        for (FileEntry f : files) {
            if (method == SerializationMethod.FILES) {
                units.add(HashUnit.of(f));
                continue;
            }
            for (long start = 0; start < f.size(); start += shardSize) {
                long end = Math.min(f.size(), start + shardSize);
                units.add(new HashUnit(f.path() + ":" + start + ":" + end, f.file(), start, end - start,
                        start == 0 && end == f.size()));
            }
        }
        return units;
    }

    private static double hash(ParallelHasher hasher, List<HashUnit> units) throws SecMlOpsException {
        long t0 = System.nanoTime();
        List<byte[]> digests = hasher.digest(units);
        double s = (System.nanoTime() - t0) / 1e9;
        if (digests.size() != units.size()) {
            throw new IllegalStateException("missing digests");
        }
        return s;
    }

    private double sign(Workspace workspace, Path root, SerializationMethod method) throws Exception {
        SignRequest request = SignRequest.of("model")
                .withSignature("model-" + method.wireName() + ".sig")
                .withMethod(method)
                .withShardSize(method == SerializationMethod.SHARDS ? shardSize : 0)
                .withName("bench-" + method.wireName())
                .withThreads(threads);
        long t0 = System.nanoTime();
        StepResult r = ModelSigning.sign(workspace, request, key, root.resolve("evidence"), RunEnvironment.commandLine(),
                ProgressListener.SILENT);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.record().results().get("rootDigest") == null) {
            throw new IllegalStateException("no root digest");
        }
        return s;
    }


    private void generate(Path model, PrintWriter out) throws IOException {
        Path marker = model.resolveSibling(String.format(Locale.ROOT, ".complete-%d-%d-%d", smallFiles, smallMaxKb, largeMb));
        if (Files.exists(marker)) {
            return;
        }
        out.println("generating the model (once) in " + model);
        out.flush();
        BenchFiles.deleteTree(model);
        SplittableRandom rnd = new SplittableRandom(2026);
        byte[] buf = new byte[1 << 20];
        for (int i = 0; i < smallFiles; i++) {
            Path f = model.resolve(String.format(Locale.ROOT, "layers/%02d/part-%05d.bin", i / 100, i));
            Files.createDirectories(f.getParent());
            int size = 1024 + rnd.nextInt(smallMaxKb * 1024 - 1023);
            byte[] content = new byte[size];
            BenchFiles.fill(rnd, content, size);
            Files.write(f, content);
        }
        Path large = model.resolve("weights.bin");
        try (OutputStream os = Files.newOutputStream(large)) {
            long left = (long) largeMb * 1_000_000L;
            while (left > 0) {
                int n = (int) Math.min(buf.length, left);
                BenchFiles.fill(rnd, buf, n);
                os.write(buf, 0, n);
                left -= n;
            }
        }
        // Back-dated, like bench hash's dataset: nothing here depends on it, but both benchmarks see the same kind of files.
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        try (Stream<Path> s = Files.walk(model)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, old);
            }
        }
        Files.createFile(marker);
    }


}
