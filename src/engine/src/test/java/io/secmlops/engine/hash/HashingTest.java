package io.secmlops.engine.hash;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingTest {
    @TempDir
    Path dir;

    @Test
    void rangesAndWholeFilesMatchADirectDigestAcrossChunkBoundaries() throws Exception {
        byte[] content = new byte[(3 << 20) + 12345];
        new Random(7).nextBytes(content);
        Path f = dir.resolve("big.bin");
        Files.write(f, content);
        List<HashUnit> units = List.of(
                new HashUnit("whole", f, 0, content.length, true),
                new HashUnit("shard0", f, 0, 1 << 20, false),
                new HashUnit("shard1", f, 1 << 20, (1 << 20) + 5, false),
                new HashUnit("tail", f, content.length - 10, 10, false),
                new HashUnit("empty", f, 0, 0, false));
        List<byte[]> got = new ParallelHasher(3, ProgressListener.SILENT).digest(units);
        for (int i = 0; i < units.size(); i++) {
            HashUnit u = units.get(i);
            byte[] expected = MessageDigest.getInstance("SHA-256")
                    .digest(Arrays.copyOfRange(content, (int) u.offset(), (int) (u.offset() + u.length())));
            assertThat(got.get(i)).as(u.name()).isEqualTo(expected);
        }
    }

    @Test
    void aFileThatChangedSizeSinceListingIsReported() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "0123456789");
        assertThatThrownBy(() -> new ParallelHasher(1, ProgressListener.SILENT).digest(List.of(new HashUnit("f", f, 0, 5, true))))
                .isInstanceOf(SecMlOpsException.class).hasMessageContaining("'f' changed while it was being hashed");
        assertThatThrownBy(() -> new ParallelHasher(1, ProgressListener.SILENT).digest(List.of(new HashUnit("f", f, 0, 20, true))))
                .isInstanceOf(SecMlOpsException.class).hasMessageContaining("became shorter");
    }

    @Test
    void progressIsReportedAsFilesBytesAndRate() {
        assertThat(ParallelHasher.progressLine(5, 10, 3L << 30, 6L << 30, 2_000_000_000L))
                .isEqualTo("hashing: 5/10 files, 3.0 GB/6.0 GB, 1.5 GB/s");
    }

    @Test
    void codePointOrderDiffersFromUtf16OrderBeyondTheBmp() {
        List<String> names = new ArrayList<>(List.of("\uD83D\uDE00", "\uE000", "a", "ab", "B"));
        names.sort(CodePointOrder.INSTANCE);
        assertThat(names).containsExactly("B", "a", "ab", "\uE000", "\uD83D\uDE00");
        assertThat("\uD83D\uDE00".compareTo("\uE000")).as("String.compareTo would order them the other way").isNegative();
        // Against a reference that decodes code points, on strings around every boundary of the fix-up.
        String[] samples = {"", "a", "\uD7FF", "\uD800\uDC00", "\uDBFF\uDFFF", "\uE000", "\uFFFF", "\uD83D\uDE00x", "\uD83D\uDE00",
                "a\uFFFF", "a\uD800\uDC00", "ab", "\uFFFD"};
        for (String x : samples) {
            for (String y : samples) {
                int expected = Integer.signum(java.util.Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray()));
                assertThat(Integer.signum(CodePointOrder.INSTANCE.compare(x, y))).as("%s vs %s", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void theListingIsInCodePointOrderOfFullPathsAcrossFolders() throws Exception {
        // Names that sort before '/' are the trap of listing folder by folder: "a.txt" and "a-b/c" come before "a/c".
        String[] paths = {"a/c", "a.txt", "a-b/c", "a/b/z", "a/b.txt", "a0", "b", "\uE000/x", "\uD83D\uDE00", "\uE000.txt",
                "A/a", "a/b/a b", "a/b!/q"};
        for (String p : paths) {
            Path f = dir.resolve("tree").resolve(p);
            Files.createDirectories(f.getParent());
            Files.writeString(f, p);
        }
        List<String> listed = FileTree.list(dir.resolve("tree"), WalkOptions.defaults(), "dataset").stream().map(FileEntry::path).toList();
        List<String> expected = new ArrayList<>(List.of(paths));
        expected.sort(CodePointOrder.INSTANCE);
        assertThat(listed).containsExactlyElementsOf(expected);
    }

    @Test
    void theCacheRoundTripsAndADamagedOneIsReportedAndIgnored() throws Exception {
        Path cacheFile = dir.resolve("cache.bin");
        FileEntry a = new FileEntry("a/é.bin", dir.resolve("x"), 10, 1_000L, "(dev=1,ino=2)");
        FileEntry b = new FileEntry("b", dir.resolve("y"), 20, 2_000L, null);
        HashCache cache = HashCache.load(cacheFile, ProgressListener.SILENT);
        // hashing began 1.5 us after b's modification time plus the margin: b is racy and must not be kept
        long hashedAt = 2_000L + HashCache.RACY_MARGIN_NANOS - 500;
        cache.save(List.of(a, b), new byte[][] {Hex.parse("ab".repeat(32)), Hex.parse("cd".repeat(32))}, hashedAt);

        HashCache again = HashCache.load(cacheFile, ProgressListener.SILENT);
        assertThat(again.lookup(a)).isEqualTo(Hex.parse("ab".repeat(32)));
        assertThat(again.lookup(b)).isNull();
        assertThat(again.lookup(new FileEntry("a/é.bin", dir.resolve("x"), 10, 1_001L, "(dev=1,ino=2)"))).as("mtime changed").isNull();
        assertThat(again.lookup(new FileEntry("a/é.bin", dir.resolve("x"), 10, 1_000L, "(dev=1,ino=3)"))).as("inode changed").isNull();

        byte[] bytes = Files.readAllBytes(cacheFile);
        Files.write(cacheFile, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        List<String> log = new ArrayList<>();
        HashCache damaged = HashCache.load(cacheFile, log::add);
        assertThat(log).singleElement().asString().contains("truncated");
        assertThat(damaged.lookup(a)).isNull();
    }

    @Test
    void theCacheIsRewrittenOnlyWhenSomethingChangedAndForgetsDeletedFiles() throws Exception {
        Path cacheFile = dir.resolve("cache.bin");
        FileEntry a = new FileEntry("a", dir.resolve("a"), 1, 1_000L, null);
        FileEntry b = new FileEntry("b", dir.resolve("b"), 2, 1_000L, null);
        byte[][] digests = {Hex.parse("ab".repeat(32)), Hex.parse("cd".repeat(32))};
        HashCache.load(cacheFile, ProgressListener.SILENT).save(List.of(a, b), digests, Long.MAX_VALUE);

        HashCache unchanged = HashCache.load(cacheFile, ProgressListener.SILENT);
        byte[][] found = {unchanged.lookup(a), unchanged.lookup(b)};
        Files.delete(cacheFile);
        unchanged.save(List.of(a, b), found, Long.MAX_VALUE);
        assertThat(cacheFile).as("every file came from the cache: nothing to write").doesNotExist();

        HashCache.load(cacheFile, ProgressListener.SILENT).save(List.of(a, b), digests, Long.MAX_VALUE);
        HashCache shrunk = HashCache.load(cacheFile, ProgressListener.SILENT);
        shrunk.save(List.of(a), new byte[][] {shrunk.lookup(a)}, Long.MAX_VALUE);
        HashCache after = HashCache.load(cacheFile, ProgressListener.SILENT);
        assertThat(after.lookup(a)).isEqualTo(digests[0]);
        assertThat(after.lookup(b)).as("b was deleted from the dataset").isNull();
    }

    @Test
    void manifestReadRefusesUnsortedOrDuplicatePaths() {
        String entry = "{\"path\":\"%s\",\"size\":1,\"sha256\":\"" + "a".repeat(64) + "\"}";
        String json = "{\"schemaVersion\":\"secmlops.manifest/v1\",\"rootDigest\":\"" + "0".repeat(64) + "\",\"files\":["
                + String.format(entry, "b") + "," + String.format(entry, "a") + "]}";
        assertThatThrownBy(() -> Manifest.read(json.getBytes(), "m.json"))
                .isInstanceOf(SecMlOpsException.class).hasMessageContaining("not sorted");
    }
}
