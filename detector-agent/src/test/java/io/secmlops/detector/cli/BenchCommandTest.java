package io.secmlops.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.detector.DetectorAgent;
import io.secmlops.detector.TestAssets;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bench --attack: bad options refused before loading, and the shape of a one-round run on CenterNet (no times asserted). */
class BenchCommandTest {

    @TempDir
    Path tmp;

    private JsonNode bench(int exit, String... extra) throws Exception {
        Path out = tmp.resolve("bench-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("bench", "--attack", "-q", "--model", TestAssets.centernet().toString(),
                "--input", TestAssets.frame(1).toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        assertThat(DetectorAgent.run(args.toArray(String[]::new))).isEqualTo(exit);
        return Json.mapper().readTree(out.toFile());
    }

    @Test
    void badAttackOptionsAreRefused() throws Exception {
        assertThat(bench(DetectorAgent.EXIT_PROBLEM, "--pgd-steps", "1,0").path("problem").asText()).contains("--pgd-steps");
        assertThat(bench(DetectorAgent.EXIT_PROBLEM, "--epsilon", "300").path("problem").asText()).contains("--epsilon");
        assertThat(bench(DetectorAgent.EXIT_PROBLEM, "--threads", "1,2").path("problem").asText()).contains("one thread count");
        JsonNode d = bench(DetectorAgent.EXIT_PROBLEM, "--defences", "feature-squeeze");
        assertThat(d.path("problem").asText()).containsIgnoringCase("unknown defence");
        assertThat(d.has("results")).isFalse();
    }

    @Test
    void oneRoundHasEveryRowAndRatio() throws Exception {
        JsonNode r = bench(0, "--pgd-steps", "1,2", "--defences", "bit-depth,gaussian-noise", "--warmup", "0", "--iterations", "1", "--threads", "1");
        assertThat(r.path("command").asText()).isEqualTo("bench");
        assertThat(r.path("parameters").path("mode").asText()).isEqualTo("attack");
        JsonNode pgd = r.path("results").path("pgd");
        assertThat(pgd).hasSize(2);
        assertThat(pgd.get(0).path("steps").asInt()).isEqualTo(1);
        assertThat(pgd.get(1).path("steps").asInt()).isEqualTo(2);
        for (JsonNode row : pgd) {
            assertThat(row.path("pgdMs").path("n").asInt()).isEqualTo(1);
            assertThat(row.path("referenceMs").path("n").asInt()).isEqualTo(1);
            assertThat(row.path("ratioP50").asDouble()).isPositive();
        }
        // 2 + 3 reference passes, one loss forward, one bare call
        assertThat(r.path("results").path("passes").path("forwardBackwardMs").path("n").asInt()).isEqualTo(5);
        assertThat(r.path("results").path("bareCallMs").path("n").asInt()).isEqualTo(1);
        JsonNode defs = r.path("results").path("defences");
        assertThat(defs).hasSize(2);
        assertThat(defs.get(0).path("defence").asText()).isEqualTo("bit-depth:5");
        assertThat(defs.get(1).path("randomized").asBoolean()).isTrue();
        assertThat(defs.get(1).path("ratioP50").asDouble()).isPositive();
        assertThat(r.path("table").asText()).contains("| 2 |", "bit-depth:5", "none (bare model call)");
        assertThat(r.path("runtime").path("loadAverageAtStart").asText()).isNotEmpty();
    }
}
