package io.secmlops.detector.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.detector.DetectorAgent;
import io.secmlops.detector.TestAssets;
import io.secmlops.drift.DriftGate;
import io.secmlops.drift.DriftRequest;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The footage demonstration: on the vtest pedestrian footage, a held-out clean split is not flagged, and the
 * same current frames with noise, haze or darkening are flagged, by the MMD test on the detector's embeddings and by the
 * per-image statistics.
 *
 * <p>Split of frames 1..400: reference = 1, 5, 9, ..., 397 and current = 3, 7, ..., 399 (100 each, interleaved, so the
 * scene content is the same; every 4th rather than every other frame keeps the 500 CenterNet runs to about a minute
 * of CPU). The same steps on the command line are in docs/steps/driftGate.md ("Footage demonstration").
 */
class FootageDriftTest {
    @TempDir
    static Path ws;

    static final Map<String, JsonNode> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void splitCorruptEmbed() throws Exception {
        Path frames = TestAssets.frames();
        Path model = TestAssets.centernet();
        Path ref = Files.createDirectories(ws.resolve("vtest/reference"));
        Path cur = Files.createDirectories(ws.resolve("vtest/clean"));
        for (int n = 1; n <= 400; n += 4) {
            Files.copy(frames.resolve(String.format("frame_%06d.jpg", n)), ref.resolve(String.format("frame_%06d.jpg", n)));
            Files.copy(frames.resolve(String.format("frame_%06d.jpg", n + 2)), cur.resolve(String.format("frame_%06d.jpg", n + 2)));
        }
        for (String c : TestCorruptions.NAMES) {
            TestCorruptions.apply(c, cur, Files.createDirectories(ws.resolve("vtest/" + c)), 20_240_229L);
        }
        for (String set : new String[] {"reference", "clean", "noise", "haze", "dark"}) {
            Path out = ws.resolve("vtest/" + set + ".embed.json");
            int exit = DetectorAgent.run("embed", "-q", "--model", model.toString(), "--input", ws.resolve("vtest/" + set).toString(),
                    "--out", out.toString());
            assertThat(exit).as("embed " + set).isZero();
        }
        for (String set : new String[] {"clean", "noise", "haze", "dark"}) {
            StepResult r = new DriftGate(ProgressListener.SILENT).run(DriftRequest.builder(ws).name(set)
                    .reference("vtest/reference").referenceEmbeddings("vtest/reference.embed.json")
                    .images("vtest/" + set).embeddings("vtest/" + set + ".embed.json").threads(2).build());
            JsonNode ev = Json.mapper().readTree(Files.readAllBytes(r.directory().resolve("evidence.json")));
            RESULTS.put(set, ev);
            System.out.println(r.summary());
            assertThat(r.verdict()).isEqualTo(set.equals("clean") ? Verdict.PASS : Verdict.FAIL);
        }
    }

    private static JsonNode mmd(String set) {
        return RESULTS.get(set).get("results").get("embeddings");
    }

    private static JsonNode stats(String set) {
        return RESULTS.get(set).get("results").get("statistics");
    }

    @Test
    void aHeldOutCleanSplitIsNotFlagged() {
        assertThat(mmd("clean").get("pValue").asDouble()).isGreaterThanOrEqualTo(0.05);
        assertThat(mmd("clean").get("drifted").asBoolean()).isFalse();
        assertThat(stats("clean").get("datasetDrift").asBoolean()).isFalse();
        assertThat(mmd("clean").get("referenceCount").asInt()).isEqualTo(100);
        assertThat(mmd("clean").get("dimension").asInt()).isEqualTo(480);
    }

    @Test
    void noiseHazeAndDarkeningAreFlaggedByTheImageTestAndByTheStatistics() {
        for (String set : TestCorruptions.NAMES) {
            assertThat(mmd(set).get("pValue").asDouble()).as(set + " MMD p").isEqualTo(1.0 / 101);
            assertThat(mmd(set).get("mmd2").asDouble()).as(set + " MMD^2 above the clean split's")
                    .isGreaterThan(mmd("clean").get("mmd2").asDouble());
            assertThat(stats(set).get("datasetDrift").asBoolean()).as(set + " statistics").isTrue();
        }
    }

    @Test
    void theStatisticsMoveTheWayTheCorruptionsPushThem() {
        assertThat(drifted("noise")).contains("sharpness");
        assertThat(drifted("haze")).contains("contrast");
        assertThat(drifted("dark")).contains("brightness");
    }

    private static String drifted(String set) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : RESULTS.get(set).get("results").get("columns")) {
            if (c.path("drifted").asBoolean()) {
                sb.append(c.get("column").asText()).append(' ');
            }
        }
        return sb.toString();
    }

    /**
     * The adversarial study's natural corruptions, made by the {@code detector-agent corrupt} command: Gaussian noise
     * (ImageNet-C severity 1), haze (severity 2: 40% towards the airlight) and darkening (severity 3).
     */
    static final class TestCorruptions {
        static final String[] NAMES = {"noise", "haze", "dark"};
        private static final Map<String, String[]> COMMAND = Map.of(
                "noise", new String[] {"gaussian-noise", "1"}, "haze", new String[] {"haze", "2"}, "dark", new String[] {"darken", "3"});

        static void apply(String name, Path from, Path to, long seed) throws Exception {
            String[] c = COMMAND.get(name);
            int exit = DetectorAgent.run(new String[] {"corrupt", "-q", "--data", from.toString(), "--corruption", c[0],
                    "--severity", c[1], "--seed", Long.toString(seed), "--out-dir", to.toString()});
            if (exit != 0) {
                throw new IllegalStateException("detector-agent corrupt " + c[0] + " exited " + exit);
            }
        }
    }
}
