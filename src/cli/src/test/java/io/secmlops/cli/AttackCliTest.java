package io.secmlops.cli;

import io.secmlops.engine.adversarial.Match;
import io.secmlops.engine.evidence.Evidence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code secmlops attack} with a fake detector agent: a bash launcher that records its arguments, prints progress and
 * writes a contract-shaped attack.json (or the agent's error result for an unknown attack).
 */
class AttackCliTest {
    @TempDir
    Path tmp;
    Path ws;
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of("attack", "--workspace=" + ws, "--agent-home=" + home));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static Map<String, Object> row(String attack, String defence, boolean adaptive, Match m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("attack", attack);
        r.put("epsilon", 8.0);
        r.put("defence", defence);
        r.put("adaptive", adaptive);
        r.put("ap50", m.ap50());
        r.put("match", m.toJson());
        return r;
    }

    private static byte[] attackJson(int index, int count) {
        Match clean = new Match(4, List.of(0.9, 0.8, 0.7), List.of(1, 1, 1));
        Match robust = new Match(4, List.of(0.6), List.of(1));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", "secmlops.detector-agent/v1");
        r.put("command", "attack");
        r.put("status", "ok");
        r.put("shard", Map.of("index", index, "count", count, "images", List.of("frame_" + index + ".jpg")));
        r.put("settings", Map.of("seed", 1));
        r.put("clean", Map.of("ap50", clean.ap50(), "detections", 3, "match", clean.toJson()));
        r.put("attacks", List.of(row("pgd-linf", "none", false, robust), row("pgd-linf", "jpeg", false, clean)));
        r.put("tradeoffs", List.of(Map.of("measure", "none", "latencyP50Ms", 40.0)));
        return Evidence.json(r);
    }

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve("models/pds"));
        Files.writeString(ws.resolve("models/pds/saved_model.pb"), "graph");
        Files.createDirectories(ws.resolve("data/val"));
        Files.writeString(ws.resolve("data/val/frame_1.jpg"), "jpeg");
        home = tmp.resolve("agent");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (int i = 1; i <= 2; i++) {
            Files.write(home.resolve("attack-" + i + ".json"), attackJson(i, i == 1 ? 1 : 2));
        }
        Files.writeString(home.resolve("error.json"), "{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"attack\",\"status\":\"error\","
                + "\"problem\":\"Unknown attack 'fgsn'.\",\"fix\":\"Use one of: fgsm, pgd-linf, pgd-l2, square, noise, patch.\"}");
        Path script = bin.resolve("detector-agent");
        Files.writeString(script, """
                #!/bin/bash
                printf '%s\\n' "$PWD" "$@" > "HOME_DIR/args.txt"
                out=""; attacks=""; shard="1/1"
                while [ $# -gt 0 ]; do
                  case "$1" in --out) out="$2"; shift;; --attacks) attacks="$2"; shift;; --shard) shard="$2"; shift;; esac
                  shift
                done
                echo "[detector-agent] 1/1 images, attack pgd-linf, 2.5 img/s" >&2
                if [[ "$attacks" == *fgsn* ]]; then cp "HOME_DIR/error.json" "$out"; exit 3; fi
                cp "HOME_DIR/attack-${shard%/*}.json" "$out"
                """.replace("HOME_DIR", home.toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsTheAgentInTheWorkspaceWithTheOptionsAndRecordsThePassingStudy() throws Exception {
        Run r = cli("--model", "models/pds", "--data", "data/val", "--name", "pds", "--attacks", "pgd-linf", "--epsilons", "8",
                "--defences", "jpeg", "--seed", "7", "--threads", "2", "--min-robust-ap50", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(home.resolve("args.txt"))).containsExactly(ws.toString(), "attack", "--model", "models/pds",
                "--data", "data/val", "--attacks", "pgd-linf", "--epsilons", "8", "--defences", "jpeg", "--max-images", "0", "--seed", "7", "--threads", "2",
                "--shard", "1/1", "--out", ".secmlops/adversarial/adversarialTest-pds/attack.json");
        assertThat(r.err()).contains("[detector-agent] 1/1 images, attack pgd-linf, 2.5 img/s");
        assertThat(r.out()).contains("adversarialTest 'pds'").contains("-> PASS");
        Path evidence = ws.resolve("work/evidence/adversarialTest-pds");
        assertThat(evidence.resolve("evidence.json")).exists();
        assertThat(evidence.resolve("attack.json")).hasSameBinaryContentAs(home.resolve("attack-1.json"));
    }

    @Test
    void aViolatedThresholdOnAnHonestRowExitsOneEvenWhenAPlainDefendedRowLooksGood() {
        Run r = cli("--model", "models/pds", "--data", "data/val", "--min-robust-ap50", "0.5", "-q");
        assertThat(r.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(r.err()).contains("FAIL: robust AP50 0.2574 under pgd-linf ε=8/255 < minRobustAP50 0.5000");
        Run unstable = cli("--model", "models/pds", "--data", "data/val", "--min-robust-ap50", "0.5", "--on-failure", "unstable", "-q");
        assertThat(unstable.code()).isZero();
        assertThat(unstable.err()).contains("UNSTABLE: robust AP50");
    }

    @Test
    void anUnknownAttackExitsTwoWithTheAgentsMessageAndWritesNoEvidence() {
        Run r = cli("--model", "models/pds", "--data", "data/val", "--attacks", "fgsn", "-q");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("error: detector-agent attack: Unknown attack 'fgsn'. Fix: Use one of: fgsm, pgd-linf");
        assertThat(ws.resolve("work/evidence")).doesNotExist();
    }

    @Test
    void badEpsilonsAndShardsExitTwoBeforeTheAgentRuns() {
        for (String[] bad : List.of(new String[] {"--epsilons", "-1"}, new String[] {"--epsilons", "300"}, new String[] {"--epsilons", "NaN"},
                new String[] {"--epsilons", "abc"}, new String[] {"--shard", "3/2"}, new String[] {"--shard", "two/4"})) {
            Run r = cli("--model", "models/pds", "--data", "data/val", bad[0], bad[1]);
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).startsWith("error: Parameter " + bad[0].substring(2)).contains(" Fix: ");
        }
        assertThat(home.resolve("args.txt")).doesNotExist();
        assertThat(ws.resolve("work/evidence")).doesNotExist();
    }

    @Test
    void aShardIsRecordedUnderItsOwnName() {
        Run r = cli("--model", "models/pds", "--data", "data/val", "--name", "pds", "--shard", "2/2", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ws.resolve("work/evidence/adversarialTest-pds-shard-2of2/evidence.json")).exists();
    }
}
