package io.secmlops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secmlops.engine.adversarial.AdversarialRequest;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.adversarial.Match;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.gate.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The report merges the shards of a sharded adversarialTest run exactly (AP50 from the union of their match data),
 * says how many contributed, and states a missing shard. The shards are real records, written by the engine from
 * contract-shaped attack.json files.
 */
class AdversarialShardsReportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Fixture fx;
    final List<Match> clean = new ArrayList<>();
    final List<Match> attacked = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        Files.createDirectories(tmp.resolve("models/pds"));
        Files.writeString(tmp.resolve("models/pds/saved_model.pb"), "graph");
        Files.createDirectories(tmp.resolve("data/val"));
        Files.writeString(tmp.resolve("data/val/frame_1.jpg"), "jpeg");
        // three shards of different sizes and quality, so that the mean of per-shard AP differs from the union's AP
        clean.add(new Match(2, List.of(0.9, 0.85, 0.4), List.of(1, 0, 1)));
        clean.add(new Match(5, List.of(0.95, 0.9, 0.8, 0.7, 0.6), List.of(1, 1, 1, 1, 0)));
        clean.add(new Match(1, List.of(0.99, 0.3), List.of(0, 1)));
        attacked.add(new Match(2, List.of(0.5), List.of(1)));
        attacked.add(new Match(5, List.of(0.7, 0.5, 0.45), List.of(1, 0, 1)));
        attacked.add(new Match(1, List.of(0.2), List.of(0)));
    }

    private static Map<String, Object> row(String defence, boolean adaptive, Match m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("attack", "pgd-linf");
        r.put("epsilon", 8.0);
        r.put("defence", defence);
        r.put("adaptive", adaptive);
        r.put("ap50", m.ap50());
        r.put("successRate", 0.5);
        r.put("match", m.toJson());
        return r;
    }

    /** Shard i of 3 as the engine records it after the (fake) agent wrote its attack.json. */
    private void shard(int i) throws Exception {
        AdversarialRequest r = AdversarialRequest.builder(tmp).name("pds").model("models/pds").data("data/val").shard(i + "/3")
                .minRobustAP50(0.3).outputRoot(fx.evidence).environment(Fixture.BUILD_42).build();
        AdversarialTest test = new AdversarialTest(line -> { });
        Path file = test.prepare(r);
        Match c = clean.get(i - 1);
        Match a = attacked.get(i - 1);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("schema", "secmlops.detector-agent/v1");
        j.put("command", "attack");
        j.put("status", "ok");
        j.put("shard", Map.of("index", i, "count", 3, "images", List.of("frame_" + i + ".jpg")));
        j.put("settings", Map.of("seed", 7, "threads", i));
        j.put("clean", Map.of("ap50", c.ap50(), "match", c.toJson()));
        j.put("attacks", List.of(row("none", false, a), row("jpeg", false, c), row("jpeg", true, a)));
        Files.write(file, Evidence.json(j));
        test.record(r, 0);
    }

    private JsonNode report() throws Exception {
        new ComplianceReport(line -> { }).run(fx.request().frameworks(List.of("atlas")).build());
        return JSON.readTree(Files.readAllBytes(fx.reportDir("compliance").resolve(ComplianceReport.JSON_FILE)));
    }

    private String html() throws Exception {
        return Files.readString(fx.reportDir("compliance").resolve(ComplianceReport.HTML_FILE), StandardCharsets.UTF_8);
    }

    private static Match union(List<Match> ms) {
        Match all = Match.empty();
        for (Match m : ms) {
            all = all.plus(m);
        }
        return all;
    }

    @Test
    void theShardsOfOneRunAreMergedFromTheUnionOfTheirMatchesNeverAveraged() throws Exception {
        for (int i = 1; i <= 3; i++) {
            shard(i);
        }
        JsonNode s = report().at("/evidence/adversarialShards/0");

        assertThat(s.path("name").asText()).isEqualTo("pds");
        assertThat(s.path("merged").asBoolean()).isTrue();
        assertThat(s.path("shardsPresent").toString()).isEqualTo("[1,2,3]");
        assertThat(s.path("complete").asBoolean()).isTrue();
        double unionClean = union(clean).ap50();
        double meanClean = clean.stream().mapToDouble(Match::ap50).average().orElseThrow();
        assertThat(s.path("cleanAp50").asDouble()).isEqualTo(unionClean).isNotCloseTo(meanClean, within(0.01));
        assertThat(s.at("/attacks/0/ap50").asDouble()).isEqualTo(union(attacked).ap50());
        // jpeg under the plain attack counts beside its adaptive row (the weaker decides); its clean-level AP lifts nothing
        assertThat(s.at("/attacks/1/honest").asBoolean()).isTrue();
        assertThat(s.path("verdict").asText()).isEqualTo(union(attacked).ap50() >= 0.3 ? "PASS" : "FAIL");
        assertThat(s.at("/gate/honestRows").asInt()).isEqualTo(3);

        String html = html();
        assertThat(html).contains("merged shards: 3 of 3 shards").contains("merged from 3 of 3 shards, 3 images: clean AP50 ")
                .contains("AP50 from the union of the shards&#39; matches");
    }

    @Test
    void aMissingShardIsStatedAndTheRestStillMerge() throws Exception {
        shard(1);
        shard(3);
        JsonNode report = report();
        JsonNode s = report.at("/evidence/adversarialShards/0");
        assertThat(s.path("complete").asBoolean()).isFalse();
        assertThat(s.path("shardsMissing").toString()).isEqualTo("[2]");
        assertThat(s.path("cleanAp50").asDouble()).isEqualTo(clean.get(0).plus(clean.get(2)).ap50());
        assertThat(report.at("/evidence/warnings/0").asText()).contains("incomplete").contains("[1, 3] of 3");
        assertThat(html()).contains("merged from 2 of 3 shards (missing: [2])").contains("(partial: 1 shard missing)");
    }

    @Test
    void shardsWithoutMatchDataAreListedAsNotMergedWithTheReason() throws Exception {
        fx.adversarial("old-shard-1of2", Verdict.PASS);
        fx.adversarial("old-shard-2of2", Verdict.PASS);
        JsonNode s = report().at("/evidence/adversarialShards/0");
        assertThat(s.path("merged").asBoolean()).isFalse();
        assertThat(s.path("problem").asText()).contains("has no attack.json beside it");
        assertThat(html()).contains("not merged (2 shard records)");
    }
}
