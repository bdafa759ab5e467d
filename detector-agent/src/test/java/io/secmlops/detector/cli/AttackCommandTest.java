package io.secmlops.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.detector.DetectorAgent;
import io.secmlops.detector.TestAssets;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** detector-agent attack: bad input refused before any work, and a small real run on CenterNet and two vtest frames. */
class AttackCommandTest {

    @TempDir
    Path tmp;

    private JsonNode refused(String... extra) throws Exception {
        Path out = tmp.resolve("refused-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("attack", "-q", "--model", TestAssets.centernet().toString(), "--data", TestAssets.frames().toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        assertThat(DetectorAgent.run(args.toArray(String[]::new))).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        JsonNode r = Json.mapper().readTree(out.toFile());
        assertThat(r.path("status").asText()).isEqualTo("error");
        assertThat(r.has("attacks")).isFalse();
        assertThat(Files.exists(tmp.resolve(out.getFileName().toString().replace(".json", "-tradeoffs.md")))).isFalse();
        return r;
    }

    @Test
    void badInputIsRefusedWithOneMessageAndNoResults() throws Exception {
        assertThat(refused("--epsilons", "1,-2").path("problem").asText()).contains("--epsilons: -2 is outside the pixel range 0..255");
        assertThat(refused("--epsilons", "256").path("problem").asText()).contains("256 is outside");
        JsonNode unknown = refused("--attacks", "fgsm,cw");
        assertThat(unknown.path("problem").asText()).contains("unknown attack 'cw'");
        assertThat(unknown.path("fix").asText()).contains("fgsm", "pgd-linf", "pgd-l2", "square", "patch");
        JsonNode defence = refused("--defences", "feature-squeeze");
        assertThat(defence.path("problem").asText()).containsIgnoringCase("unknown defence 'feature-squeeze'");
        assertThat(defence.path("fix").asText()).contains("jpeg", "bit-depth", "median", "gaussian-noise");
        assertThat(refused("--shard", "2-4").path("problem").asText()).contains("not of the form I/N");
        assertThat(refused("--shard", "5/4").path("problem").asText()).contains("out of range");
        assertThat(refused("--shard", "0/4").path("problem").asText()).contains("out of range");
        assertThat(refused("--shard", "1/3", "--max-images", "2").path("problem").asText()).contains("is empty");
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{\"images\": [], \"annotations\": [], \"categories\": [{\"id\": 1, \"name\": \"person\"}]}");
        assertThat(refused("--labels", empty.toString()).path("problem").asText()).contains("lists no images");
    }

    private JsonNode run(String name, String... extra) throws Exception {
        Path out = tmp.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of("attack", "-q", "--model", TestAssets.centernet().toString(), "--data", TestAssets.frames().toString(),
                "--max-images", "2", "--epsilons", "4", "--defences", "none", "--steps", "2", "--seed", "3", "--threads", "2", "--out", out.toString()));
        args.addAll(List.of(extra));
        assertThat(DetectorAgent.run(args.toArray(String[]::new))).isEqualTo(0);
        return Json.mapper().readTree(out.toFile());
    }

    @Test
    void centernetTwoFramesRepeatsExactlyAndShardsMerge() throws Exception {
        JsonNode a = run("a", "--attacks", "fgsm,pgd-linf");
        assertThat(a.path("command").asText()).isEqualTo("attack");
        assertThat(a.path("labels").path("source").asText()).isEqualTo("pseudo-labels");
        assertThat(a.path("shard").path("images")).hasSize(2);
        double clean = a.path("clean").path("ap50").asDouble();
        assertThat(clean).isGreaterThan(0.5);
        JsonNode rows = a.path("attacks");
        assertThat(rows).hasSize(2);
        for (JsonNode r : rows) {
            assertThat(r.path("epsilon").asDouble()).isEqualTo(4.0);
            assertThat(r.path("defence").asText()).isEqualTo("none");
            assertThat(r.path("meanLinf").asDouble()).isLessThanOrEqualTo(4.0).isGreaterThan(0);
            assertThat(r.path("match").path("npos").asInt()).isEqualTo(a.path("clean").path("match").path("npos").asInt());
        }
        // two PGD steps at 4/255 already lower AP50 (measured 0.869 -> 0.772); one FGSM step need not: it can also drop false positives
        assertThat(rows.get(1).path("attack").asText()).isEqualTo("pgd-linf");
        assertThat(rows.get(1).path("ap50").asDouble()).isLessThan(clean);
        JsonNode measures = a.path("tradeoffs");
        assertThat(measures.findValuesAsText("measure")).containsExactly("none", "signature-verification", "input-validation");
        assertThat(measures.get(0).path("robustAp50").path("4").asDouble()).isEqualTo(rows.get(1).path("ap50").asDouble());
        assertThat(Files.readString(tmp.resolve("a-tradeoffs.md"))).contains("| none |");

        JsonNode b = run("b", "--attacks", "fgsm,pgd-linf");
        assertThat(b.path("attacks")).isEqualTo(rows);
        assertThat(b.path("clean")).isEqualTo(a.path("clean"));

        JsonNode s1 = run("s1", "--attacks", "fgsm", "--shard", "1/2");
        JsonNode s2 = run("s2", "--attacks", "fgsm", "--shard", "2/2");
        List<JsonNode> merged = new ArrayList<>();
        s1.path("attacks").get(0).path("match").path("tp").forEach(merged::add);
        s2.path("attacks").get(0).path("match").path("tp").forEach(merged::add);
        List<JsonNode> whole = new ArrayList<>();
        rows.get(0).path("match").path("tp").forEach(whole::add);
        assertThat(merged).isEqualTo(whole);
        assertThat(s1.path("attacks").get(0).path("match").path("npos").asInt() + s2.path("attacks").get(0).path("match").path("npos").asInt())
                .isEqualTo(rows.get(0).path("match").path("npos").asInt());
    }

    @Test
    void aDefenceIsMeasuredPlainAndAdaptiveAndTheChartsAreWritten() throws Exception {
        JsonNode r = run("d", "--attacks", "pgd-linf", "--defences", "jpeg");
        List<String> defences = r.path("attacks").findValuesAsText("defence");
        assertThat(defences).containsExactly("none", "jpeg:75", "jpeg:75");
        assertThat(r.path("attacks").get(2).path("adaptive").asBoolean()).isTrue();
        assertThat(r.path("attacks").get(2).path("adaptiveMethod").asText()).isEqualTo("bpda");
        assertThat(r.path("tradeoffs").findValuesAsText("measure")).contains("jpeg:75", "jpeg:75+adaptive");
        // peak memory is measured per measure (the kernel's mark reset before each evaluation), within the process's peak
        for (JsonNode t : r.path("tradeoffs")) {
            assertThat(t.path("peakMemoryMb").asDouble()).as(t.path("measure").asText()).isPositive();
        }
        for (String chart : List.of("epsCurve", "pareto")) {
            Path svg = tmp.resolve(r.path("images").path(chart).asText());
            String text = Files.readString(svg);
            assertThat(text).startsWith("<svg").contains("jpeg:75").doesNotContain("<script");
        }
    }
}
