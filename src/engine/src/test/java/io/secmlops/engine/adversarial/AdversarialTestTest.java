package io.secmlops.engine.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.secmlops.engine.adversarial.AttackJson.match;
import static io.secmlops.engine.adversarial.AttackJson.result;
import static io.secmlops.engine.adversarial.AttackJson.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine call around the agent: prepare, then record what a (fake) agent wrote. The gate looks at honest rows only,
 * problems the agent reports pass through with its message, and bad results leave no evidence.
 */
class AdversarialTestTest {
    @TempDir
    Path ws;
    final AdversarialTest test = new AdversarialTest(line -> { });

    // clean: 8 of 10 boxes found; pgd-linf without defence: 3 of 10; jpeg against the plain attack: 9 of 10 (masking);
    // jpeg against the adaptive attack: 4 of 10
    final Match clean = match(10, 8, 1);
    final Map<String, Object> none = row("pgd-linf", 8.0, "none", false, match(10, 3, 2));
    final Map<String, Object> jpegPlain = row("pgd-linf", 8.0, "jpeg", false, match(10, 9, 0));
    final Map<String, Object> jpegAdaptive = row("pgd-linf", 8.0, "jpeg", true, match(10, 4, 1));

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(ws.resolve("models/pds"));
        Files.writeString(ws.resolve("models/pds/saved_model.pb"), "graph");
        Files.createDirectories(ws.resolve("data/pds-val"));
        Files.writeString(ws.resolve("data/pds-val/frame_1.jpg"), "jpeg");
    }

    private AdversarialRequest.Builder request() {
        return AdversarialRequest.builder(ws).name("pds").model("models/pds").data("data/pds-val").outputRoot(ws.resolve("evidence"));
    }

    /** What the fake agent writes: prepare, then the result at the request's path. */
    private void agentWrites(AdversarialRequest r, Map<String, Object> json) throws Exception {
        Path file = test.prepare(r);
        Files.write(file, AttackJson.bytes(json));
    }

    private Map<String, Object> study(List<Map<String, Object>> rows) {
        return result(1, 1, List.of("frame_1.jpg"), clean, rows);
    }

    @Test
    void thePassingStudyIsRecordedWithTheContractsFieldsAndAttackJsonBesideIt() throws Exception {
        AdversarialRequest r = request().minRobustAP50(0.2).maxDrop(0.6).build();
        Map<String, Object> json = study(List.of(none, jpegPlain, jpegAdaptive));
        json.put("images", new LinkedHashMap<>(Map.of("table", "attack-tradeoffs.md")));
        agentWrites(r, json);
        Files.writeString(ws.resolve(".secmlops/adversarial/adversarialTest-pds/attack-tradeoffs.md"), "| measure |\n");

        StepResult res = test.record(r, 0);

        assertThat(res.verdict()).isEqualTo(Verdict.PASS);
        assertThat(res.directory()).isEqualTo(ws.resolve("evidence/adversarialTest-pds"));
        assertThat(res.files()).containsExactly("attack.json", "attack-tradeoffs.md", "evidence.intoto.json", "evidence.json");
        assertThat(res.directory().resolve("attack.json")).hasSameBinaryContentAs(ws.resolve(r.resultFile()));
        JsonNode rec = Json.mapper().readTree(res.directory().resolve("evidence.json").toFile());
        assertThat(rec.path("kind").asText()).isEqualTo("adversarialTest");
        assertThat(rec.at("/results/clean/ap50").asDouble()).isEqualTo(clean.ap50());
        assertThat(rec.at("/results/clean/match").isMissingNode()).isTrue();
        assertThat(rec.at("/results/attacks").size()).isEqualTo(3);
        assertThat(rec.at("/results/attacks/0/match").isMissingNode()).isTrue();
        // jpeg under the plain attack counts: its adaptive row was measured too, and the weaker of the two decides
        assertThat(rec.at("/results/attacks/1/honest").asBoolean()).isTrue();
        assertThat(rec.at("/results/tradeoffs/0/measure").asText()).isEqualTo("none");
        assertThat(rec.at("/results/gate/honestRows").asInt()).isEqualTo(3);
        assertThat(rec.at("/subjects/0/name").asText()).isEqualTo("models/pds/saved_model.pb");
        assertThat(rec.at("/subjects/1/name").asText()).isEqualTo("data/pds-val/frame_1.jpg");
        assertThat(rec.at("/subjects/1/digest/sha256").asText())
                .isEqualTo(io.secmlops.engine.hash.ParallelHasher.sha256Hex("jpeg".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(rec.at("/parameters/shard").asText()).isEqualTo("1/1");
        assertThat(res.summary()).contains("clean AP50").doesNotContain("not gated");
    }

    @Test
    void aDefendedRowMeasuredOnlyAgainstThePlainAttackNeverLiftsTheVerdict() throws Exception {
        // the best-looking row (jpeg, plain: 0.9) is above the threshold; the honest ones are not
        AdversarialRequest r = request().minRobustAP50(0.5).build();
        agentWrites(r, study(List.of(none, jpegPlain, jpegAdaptive)));

        StepResult res = test.record(r, 0);

        assertThat(res.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(res.reasons()).hasSize(1);
        assertThat(res.reasons().get(0)).startsWith("robust AP50 " + RobustnessGate.f(match(10, 3, 2).ap50()) + " under pgd-linf ε=8/255 < "
                + "minRobustAP50 0.5000 (2 honest rows below").contains("defence jpeg (adaptive attack)").doesNotContain("plain attack");
        // only masked rows: nothing honest to gate on, which is a failure, not a pass
        agentWrites(r, study(List.of(jpegPlain)));
        assertThat(test.record(r, 0).reasons()).singleElement().asString().startsWith("no honest attack row to gate on");
    }

    @Test
    void aLowDefendedRowAgainstThePlainAttackDoesNotFailTheGateEither() throws Exception {
        Map<String, Object> lowPlain = row("fgsm", 2.0, "median", false, match(10, 1, 5));
        AdversarialRequest r = request().minRobustAP50(0.25).onFailure("unstable").build();
        agentWrites(r, study(List.of(row("fgsm", 2.0, "none", false, match(10, 6, 0)), lowPlain)));
        assertThat(test.record(r, 0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aDefenceIsAsRobustAsTheWeakerOfItsPlainAndAdaptiveRows() throws Exception {
        // a weak adaptive attacker (0.6 kept) did less than the plain attack (0.1): the plain row counts too
        Map<String, Object> plain = row("pgd-linf", 8.0, "bit-depth:5", false, match(10, 1, 5));
        Map<String, Object> adaptive = row("pgd-linf", 8.0, "bit-depth:5", true, match(10, 6, 0));
        AdversarialRequest r = request().minRobustAP50(0.5).build();
        agentWrites(r, study(List.of(row("pgd-linf", 8.0, "none", false, match(10, 6, 0)), plain, adaptive)));
        StepResult res = test.record(r, 0);
        assertThat(res.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(res.reasons()).singleElement().asString().contains("defence bit-depth:5").contains("1 honest row below");
    }

    @Test
    void maxDropComparesCleanWithTheWorstHonestRowAndUnstableIsHonoured() throws Exception {
        AdversarialRequest r = request().maxDrop(0.2).onFailure("unstable").build();
        agentWrites(r, study(List.of(none, jpegPlain)));
        StepResult res = test.record(r, 0);
        assertThat(res.verdict()).isEqualTo(Verdict.UNSTABLE);
        assertThat(res.reasons()).singleElement().asString().startsWith("AP50 drop ").contains("> maxDrop 0.2000");
    }

    @Test
    void aProblemTheAgentReportsPassesThroughWithItsMessageAndNoEvidence() throws Exception {
        AdversarialRequest r = request().attacks(List.of("fgsn")).build();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("schema", AttackResult.SCHEMA);
        error.put("command", "attack");
        error.put("status", "error");
        error.put("problem", "Unknown attack 'fgsn'.");
        error.put("fix", "Use one of: fgsm, pgd-linf, pgd-l2, square, noise, patch.");
        agentWrites(r, error);

        assertThatThrownBy(() -> test.record(r, 3)).isInstanceOf(SecMlOpsException.class)
                .hasMessage("detector-agent attack: Unknown attack 'fgsn'.")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).isEqualTo("Use one of: fgsm, pgd-linf, pgd-l2, square, noise, patch."));
        assertThat(ws.resolve("evidence")).doesNotExist();
    }

    @Test
    void aFailedRunLeavesNoStaleResultToBeReadAndOtherExitCodesSaySo() throws Exception {
        AdversarialRequest r = request().build();
        agentWrites(r, study(List.of(none)));
        test.prepare(r); // the next run: the old attack.json is gone before the agent starts
        assertThatThrownBy(() -> test.record(r, 0)).hasMessageContaining("exited 0 but wrote no result at "
                + ".secmlops/adversarial/adversarialTest-pds/attack.json");
        assertThatThrownBy(() -> test.record(r, 2)).hasMessage("detector-agent attack refused its options (exit 2).");
        assertThatThrownBy(() -> test.record(r, 3)).hasMessageContaining("stopped on a problem (exit 3) and wrote no result");
        assertThatThrownBy(() -> test.record(r, 137)).hasMessage("detector-agent attack failed (exit 137).");
        assertThat(ws.resolve("evidence")).doesNotExist();
    }

    @Test
    void emptyDataIsRefusedBeforeAndAfterTheAgent() throws Exception {
        Files.createDirectories(ws.resolve("data/empty"));
        AdversarialRequest before = request().data("data/empty").build();
        assertThatThrownBy(() -> test.prepare(before)).hasMessage("The data folder 'data/empty' is empty.");
        AdversarialRequest r = request().build();
        agentWrites(r, result(1, 1, List.of(), Match.empty(), List.of()));
        assertThatThrownBy(() -> test.record(r, 0)).hasMessageStartingWith("The study covered no images");
        assertThat(ws.resolve("evidence")).doesNotExist();
    }

    @Test
    void resultsOfAnotherShardOrBrokenMatchDataAreRefused() throws Exception {
        AdversarialRequest r = request().shard("2/4").build();
        agentWrites(r, result(1, 4, List.of("frame_1.jpg"), clean, List.of(none)));
        assertThatThrownBy(() -> test.record(r, 0)).hasMessageContaining("covers shard 1/4, but shard 2/4 was asked for");

        Map<String, Object> lying = new LinkedHashMap<>(none);
        lying.put("ap50", 0.99);
        AdversarialRequest whole = request().build();
        agentWrites(whole, study(List.of(lying)));
        assertThatThrownBy(() -> test.record(whole, 0)).hasMessageContaining("attacks[0].ap50 is 0.99 but its match data give");

        Map<String, Object> json = study(List.of(none));
        json.put("images", Map.of("pareto", "../../../secret.svg"));
        agentWrites(whole, json);
        assertThatThrownBy(() -> test.record(whole, 0)).hasMessageContaining("names images.pareto '../../../secret.svg', which is not a file beside it");
        assertThat(ws.resolve("evidence")).doesNotExist();
    }

    @Test
    void pathsMustStayInsideTheWorkspace() throws Exception {
        assertThatThrownBy(() -> test.prepare(request().model("../models").build())).hasMessageContaining("is outside the workspace");
        assertThatThrownBy(() -> test.prepare(request().labels("missing.json").build())).hasMessageContaining("The labels 'missing.json' does not exist");
        // the agent's built-in labels are no workspace path
        assertThat(test.prepare(request().labels("builtin:vtest-pseudo-labels").build())).hasFileName("attack.json");
    }
}
