package io.secmlops.detector.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.audit.data.DataAudit;
import io.secmlops.audit.data.DataAuditRequest;
import io.secmlops.audit.data.SpectralSignature;
import io.secmlops.detector.DetectorAgent;
import io.secmlops.detector.TestAssets;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backdoor demonstration on real images: a trigger stamped on class-"a" frames of the vtest footage, the
 * stamped frames relabelled "b", the real CenterNet detector's {@code embed} vectors, and the data audit's spectral
 * scan (Tran et al. 2018) through its public API ({@link DataAudit} with {@code labels: folders} and
 * {@code embeddings}), precision and recall of the flagged "b" files against the known poisoned ones.
 *
 * <p>MEASURED, NOT TRAINED: the embeddings come from the pre-trained pedestrian detector (backbone output averaged
 * over the 16x16 map, d = 480), not from a model trained on the poisoned data. A backdoored model learns to react to
 * its trigger; this one never did, so the trigger shows in its features only as far as its backbone happens to
 * respond to a checkerboard, and the relabelled frames also differ from the clean "b" frames by coming from the other
 * half of the video. The control rows separate the two, and they show that here the scan finds the relabelled frames
 * by where they come from, not by the trigger.
 *
 * <p>Dataset, all from the 795 vtest frames (one camera, one scene; the two "classes" are the first and second half
 * of the video, so they differ only in who is walking where):
 * <ul>
 *   <li>clean "a": frames 1, 6, ..., 396 (80); clean "b": frames 401, 405, ..., 793 (99);</li>
 *   <li>poison sources: frames 3, 18, ..., 363 (25, first half, none of them in clean "a"), each stamped with a
 *       black-and-white checkerboard in the bottom-right corner, {@value #TRIGGER} px ({@value #CELL} px squares;
 *       "trigger") or {@value #BIG_TRIGGER} px ({@value #BIG_CELL} px squares; "big"), saved as PNG (no re-encoding
 *       artefact of its own) and put in "b";</li>
 *   <li>"control": the same sources relabelled WITHOUT a trigger;</li>
 *   <li>rate = poisoned / (clean "b" + poisoned): 5 (4.8%), 11 (10.0%), 25 (20.2%) poisoned files, the first k of
 *       the 25; epsilon = the nominal rate (5, 10, 20%), so the scan flags 1.5 x epsilon of each class; at rate 0
 *       epsilon is 0.05.</li>
 * </ul>
 * 254 CenterNet runs (about a minute of CPU); the datasets re-use the vectors of the files they copy (a copy has the
 * original's pixels, hence its vector).
 *
 * <p>Measured (target class "b"; chance is precision = the poisoned share, recall = the flagged share 1.5 x epsilon):
 * <pre>
 * set     | rate  | poisoned | epsilon | flagged b | precision | recall | flagged a | sigma1/sigma2 b
 * clean   |  0.0% |        0 |    0.05 |         8 |     0.000 |      - |         6 | 1.52
 * trigger |  4.8% |        5 |    0.05 |         8 |     0.250 |  0.400 |         6 | 1.53
 * trigger | 10.0% |       11 |    0.10 |        17 |     0.412 |  0.636 |        12 | 1.69
 * trigger | 20.2% |       25 |    0.20 |        38 |     0.342 |  0.520 |        24 | 1.75
 * big     |  4.8% |        5 |    0.05 |         8 |     0.125 |  0.200 |         6 | 1.53
 * big     | 10.0% |       11 |    0.10 |        17 |     0.412 |  0.636 |        12 | 1.66
 * big     | 20.2% |       25 |    0.20 |        38 |     0.289 |  0.440 |        24 | 1.70
 * control |  4.8% |        5 |    0.05 |         8 |     0.125 |  0.200 |         6 | 1.52
 * control | 10.0% |       11 |    0.10 |        17 |     0.412 |  0.636 |        12 | 1.64
 * control | 20.2% |       25 |    0.20 |        38 |     0.316 |  0.480 |        24 | 1.69
 * mean L2 from a source frame's vector: to its 40px-stamped copy 0.128, 128px-stamped 0.177,
 * nearest clean a frame (1-2 frames away) 0.246
 * </pre>
 * The assertions keep margins of three or more files at 10% and 20% (precision at least 1.25 x the poisoned share,
 * recall at least 0.40); 5 poisoned files at 5% are too few to assert on.
 */
class BackdoorFootageTest {
    static final int TRIGGER = 40;
    static final int CELL = 8;
    static final int BIG_TRIGGER = 128;
    static final int BIG_CELL = 16;
    static final double[] RATES = {0.05, 0.10, 0.20};
    static final int[] POISONED = {5, 11, 25};

    @TempDir
    static Path ws;

    static final Map<String, float[]> VECTORS = new HashMap<>();
    static int dimension;
    static final List<String> CLEAN_A = new ArrayList<>();
    static final List<String> CLEAN_B = new ArrayList<>();
    static final List<String> SOURCES = new ArrayList<>();
    /** key "trigger-0.10" / "control-0.10" / "clean-0.00" -> {precision, recall, flaggedB, poisoned, flaggedA, nA, nB, sigmaRatioB} */
    static final Map<String, double[]> RESULTS = new LinkedHashMap<>();
    static final double[] DISPLACEMENT = new double[3];

    @BeforeAll
    static void poisonEmbedScan() throws Exception {
        Path frames = TestAssets.frames();
        Path model = TestAssets.centernet();
        Path a = Files.createDirectories(ws.resolve("pool/a"));
        Path b = Files.createDirectories(ws.resolve("pool/b"));
        Path trig = Files.createDirectories(ws.resolve("pool/trigger"));
        Path src = Files.createDirectories(ws.resolve("pool/control"));
        Path big = Files.createDirectories(ws.resolve("pool/big"));
        for (int n = 1; n <= 396; n += 5) {
            CLEAN_A.add(copy(frames, n, a));
        }
        for (int n = 401; n <= 793; n += 4) {
            CLEAN_B.add(copy(frames, n, b));
        }
        for (int n = 3; n <= 363; n += 15) {
            String name = copy(frames, n, src);
            SOURCES.add(name);
            BufferedImage img = ImageIO.read(src.resolve(name).toFile());
            BufferedImage bigImg = ImageIO.read(src.resolve(name).toFile());
            stamp(img, TRIGGER, CELL);
            ImageIO.write(img, "png", trig.resolve(name.replace(".jpg", ".png")).toFile());
            stamp(bigImg, BIG_TRIGGER, BIG_CELL);
            ImageIO.write(bigImg, "png", big.resolve(name.replace(".jpg", ".png")).toFile());
        }
        Path out = ws.resolve("pool/embed.json");
        int exit = DetectorAgent.run("embed", "-q", "--model", model.toString(), "--input", a.toString(), "--input", b.toString(),
                "--input", trig.toString(), "--input", src.toString(), "--input", big.toString(), "--out", out.toString());
        assertThat(exit).as("embed").isZero();
        JsonNode root = Json.mapper().readTree(Files.readAllBytes(out));
        dimension = root.get("dimension").asInt();
        for (JsonNode v : root.get("vectors")) {
            Path f = Path.of(v.get("file").asText());
            float[] x = new float[dimension];
            for (int k = 0; k < dimension; k++) {
                x[k] = (float) v.get("vector").get(k).asDouble();
            }
            VECTORS.put(f.getParent().getFileName() + "/" + f.getFileName(), x);
        }
        assertThat(VECTORS).hasSize(80 + 99 + 25 + 25 + 25);

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "backdoor on vtest footage, CenterNet embed (d=%d), %dx%d checkerboard, clean a=%d b=%d%n"
                        + "set     | rate  | poisoned | epsilon | flagged b | precision | recall | flagged a | sigma1/sigma2 b%n",
                dimension, TRIGGER, TRIGGER, CLEAN_A.size(), CLEAN_B.size()));
        scan("clean", 0, 0.05, 0, table);
        for (int i = 0; i < RATES.length; i++) {
            scan("trigger", RATES[i], RATES[i], POISONED[i], table);
        }
        for (int i = 0; i < RATES.length; i++) {
            scan("big", RATES[i], RATES[i], POISONED[i], table);
        }
        for (int i = 0; i < RATES.length; i++) {
            scan("control", RATES[i], RATES[i], POISONED[i], table);
        }
        table.append(displacement());
        System.out.print(table);
    }

    /**
     * How far the trigger moves a frame's vector, beside how far apart nearby clean frames are: mean distance from
     * each source frame's vector to its stamped copy's (40 px and 128 px), and to the nearest clean "a" frame's.
     */
    private static String displacement() {
        double small = 0;
        double large = 0;
        double neighbour = 0;
        for (String n : SOURCES) {
            float[] v = VECTORS.get("control/" + n);
            small += distance(v, VECTORS.get("trigger/" + n.replace(".jpg", ".png")));
            large += distance(v, VECTORS.get("big/" + n.replace(".jpg", ".png")));
            double best = Double.POSITIVE_INFINITY;
            for (String c : CLEAN_A) {
                best = Math.min(best, distance(v, VECTORS.get("a/" + c)));
            }
            neighbour += best;
        }
        int k = SOURCES.size();
        DISPLACEMENT[0] = small / k;
        DISPLACEMENT[1] = large / k;
        DISPLACEMENT[2] = neighbour / k;
        return String.format(Locale.ROOT, "mean L2 from a source frame's vector: to its %dpx-stamped copy %.3f, %dpx-stamped %.3f, "
                + "nearest clean a frame (1-2 frames away) %.3f%n", TRIGGER, DISPLACEMENT[0], BIG_TRIGGER, DISPLACEMENT[1], DISPLACEMENT[2]);
    }

    private static double distance(float[] x, float[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += (x[k] - y[k]) * (double) (x[k] - y[k]);
        }
        return Math.sqrt(s);
    }

    private static String copy(Path frames, int n, Path to) throws Exception {
        String name = String.format("frame_%06d.jpg", n);
        Files.copy(frames.resolve(name), to.resolve(name));
        return name;
    }

    /** The trigger: a checkerboard of black and white squares in the bottom-right corner. */
    static void stamp(BufferedImage img, int size, int cell) {
        int x0 = img.getWidth() - size;
        int y0 = img.getHeight() - size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x0 + x, y0 + y, ((x / cell + y / cell) % 2 == 0) ? 0xFFFFFF : 0x000000);
            }
        }
    }

    /** Builds the dataset of one setting, writes its embeddings file, runs the data audit and scores its spectral.json. */
    private static void scan(String set, double rate, double epsilon, int poisonedCount, StringBuilder table) throws Exception {
        String dir = String.format(Locale.ROOT, "%s-%02d", set, Math.round(rate * 100));
        Path da = Files.createDirectories(ws.resolve(dir + "/train/a"));
        Path db = Files.createDirectories(ws.resolve(dir + "/train/b"));
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (String n : CLEAN_A) {
            vectors.add(place("a/" + n, da.resolve(n)));
        }
        for (String n : CLEAN_B) {
            vectors.add(place("b/" + n, db.resolve(n)));
        }
        Set<String> poisoned = new HashSet<>();
        for (int i = 0; i < poisonedCount; i++) {
            String n = SOURCES.get(i);
            String key = set.equals("control") ? "control/" + n : set + "/" + n.replace(".jpg", ".png");
            String name = key.substring(key.indexOf('/') + 1);
            vectors.add(place(key, db.resolve(name)));
            poisoned.add(name);
        }
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("command", "embed");
        embed.put("status", "ok");
        embed.put("dimension", dimension);
        embed.put("vectors", vectors);
        Files.write(ws.resolve(dir + "/embed.json"), Json.mapper().writeValueAsBytes(embed));

        StepResult r = new DataAudit(ProgressListener.SILENT).run(DataAuditRequest.builder(ws, dir).split("train", dir + "/train")
                .labels("folders").embeddings(dir + "/embed.json").epsilon(epsilon).outputRoot(ws.resolve("out")).threads(2).build());
        JsonNode spectral = Json.mapper().readTree(Files.readAllBytes(r.directory().resolve(DataAudit.SPECTRAL_FILE)));
        JsonNode cb = spectral.at("/classes/b");
        JsonNode ca = spectral.at("/classes/a");
        int nb = cb.get("images").asInt();
        int na = ca.get("images").asInt();
        List<String> flaggedB = new ArrayList<>();
        for (JsonNode f : cb.get("files")) {
            String file = f.get("file").asText();
            flaggedB.add(file.substring(file.lastIndexOf('/') + 1));
        }
        long hits = flaggedB.stream().filter(poisoned::contains).count();
        double precision = flaggedB.isEmpty() ? 0 : (double) hits / flaggedB.size();
        double recall = poisoned.isEmpty() ? Double.NaN : (double) hits / poisoned.size();
        double sigma = cb.get("sigmaRatio").asDouble();
        RESULTS.put(set + String.format(Locale.ROOT, "-%.2f", rate), new double[] {precision, recall, flaggedB.size(), poisonedCount,
                ca.get("flagged").asInt(), na, nb, sigma});
        table.append(String.format(Locale.ROOT, "%-7s | %4.1f%% | %8d | %7.2f | %9d | %9.3f | %6s | %9d | %.2f%n", set,
                100.0 * poisonedCount / nb, poisonedCount, epsilon, flaggedB.size(), precision,
                poisoned.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", recall), ca.get("flagged").asInt(), sigma));
    }

    private static Map<String, Object> place(String key, Path to) throws Exception {
        Path from = ws.resolve("pool/" + key);
        Files.copy(from, to);
        float[] v = VECTORS.get(key);
        assertThat(v).as("vector of " + key).isNotNull();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", to.toAbsolutePath().toString());
        e.put("vector", v);
        return e;
    }

    @Test
    void withoutPoisonTheScanFlagsExactlyWhatEpsilonImplies() {
        // no poison: every flagged file is a false positive, 1.5 x epsilon of each class by design
        double[] r = RESULTS.get("clean-0.00");
        assertThat((int) r[2]).isEqualTo(SpectralSignature.removalCount((int) r[6], 0.05)).isEqualTo(8);
        assertThat((int) r[4]).isEqualTo(SpectralSignature.removalCount((int) r[5], 0.05)).isEqualTo(6);
        assertThat(r[0]).isZero();
    }

    @Test
    void theFlaggedCountFollowsEpsilonAtEveryRate() {
        for (String set : new String[] {"trigger", "big", "control"}) {
            for (int i = 0; i < RATES.length; i++) {
                double[] r = RESULTS.get(String.format(Locale.ROOT, "%s-%.2f", set, RATES[i]));
                assertThat((int) r[6]).isEqualTo(CLEAN_B.size() + POISONED[i]);
                assertThat((int) r[2]).as(set + " " + RATES[i]).isEqualTo(SpectralSignature.removalCount((int) r[6], RATES[i]));
                assertThat((int) r[4]).as(set + " " + RATES[i]).isEqualTo(SpectralSignature.removalCount((int) r[5], RATES[i]));
            }
        }
    }

    @Test
    void atTenAndTwentyPercentTheRelabelledFramesAreFoundWellAboveChance() {
        // chance: a random 1.5 x epsilon of "b" has precision = the poisoned share and recall = the flagged share
        for (int i = 1; i < RATES.length; i++) {
            double[] r = RESULTS.get(String.format(Locale.ROOT, "trigger-%.2f", RATES[i]));
            double share = r[3] / r[6];
            assertThat(r[0]).as("precision at " + RATES[i]).isGreaterThanOrEqualTo(1.25 * share);
            assertThat(r[1]).as("recall at " + RATES[i]).isGreaterThanOrEqualTo(0.40).isGreaterThan(r[2] / r[6]);
        }
    }

    @Test
    void thePreTrainedFeaturesSeeTheCheckerboardOnlyWeakly() {
        // the stamp does move the vector, in the same way for every frame, but by less than the distance between
        // frames a fraction of a second apart; a model trained on the poisoned data would be needed to make it dominant
        assertThat(DISPLACEMENT[0]).isGreaterThan(0.02).isLessThan(DISPLACEMENT[2]);
        assertThat(DISPLACEMENT[1]).isGreaterThan(DISPLACEMENT[0]).isLessThan(DISPLACEMENT[2]);
    }
}
