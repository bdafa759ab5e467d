package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import hudson.model.Result;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.tools.DetectorAgentInstallation;
import io.secmlops.engine.adversarial.Match;
import io.secmlops.engine.evidence.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/**
 * {@code adversarialTest} end to end on the controller side: the installation is resolved on the node, the node's
 * launcher runs a fake detector agent (a test double that prints progress to the build log and writes a contract-shaped
 * attack.json at its --out, or the agent's error result), and the real engine gates and records on the "agent".
 */
@SuppressWarnings("unchecked")
class AdversarialTestStepTest {
    @TempDir
    Path tmp;
    Fixtures f;
    final Node node = mock(Node.class);
    final Launcher launcher = mock(Launcher.class);
    final Launcher.ProcStarter starter = mock(Launcher.ProcStarter.class, RETURNS_SELF);
    final List<List<String>> commands = new ArrayList<>();
    MockedStatic<Jenkins> jenkins;
    MockedConstruction<AbortException> aborts;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        Files.createDirectories(f.workspace.resolve("models/pds"));
        Files.writeString(f.workspace.resolve("models/pds/saved_model.pb"), "graph");
        f.dataset("data/pds-val", "frame_1.jpg", "jpeg", "frame_2.jpg", "jpeg");

        // the installation 'tf-gpu', whose launcher exists on node gpu-1
        Jenkins j = mock(Jenkins.class);
        DetectorAgentInstallation.DescriptorImpl descriptor = mock(DetectorAgentInstallation.DescriptorImpl.class);
        DetectorAgentInstallation installation = mock(DetectorAgentInstallation.class);
        DetectorAgentInstallation onNode = mock(DetectorAgentInstallation.class);
        jenkins = mockStatic(Jenkins.class);
        jenkins.when(Jenkins::get).thenReturn(j);
        when(j.getDescriptorByType(DetectorAgentInstallation.DescriptorImpl.class)).thenReturn(descriptor);
        when(descriptor.getInstallations()).thenReturn(new DetectorAgentInstallation[] {installation});
        when(installation.getName()).thenReturn("tf-gpu");
        when(installation.forNode(node, f.listener)).thenReturn(onNode);
        when(onNode.forEnvironment(f.env)).thenReturn(onNode);
        when(onNode.getHome()).thenReturn("/opt/detector-agent");
        FilePath home = mock(FilePath.class);
        FilePath bin = mock(FilePath.class);
        FilePath exe = mock(FilePath.class);
        when(node.getDisplayName()).thenReturn("gpu-1");
        when(node.createPath("/opt/detector-agent")).thenReturn(home);
        when(home.child("bin")).thenReturn(bin);
        when(bin.child("detector-agent")).thenReturn(exe);
        when(exe.exists()).thenReturn(true);
        when(exe.mode()).thenReturn(0755);
        when(exe.getRemote()).thenReturn("/opt/detector-agent/bin/detector-agent");

        // the fake detector agent: what the node's launcher runs
        when(launcher.launch()).thenReturn(starter);
        when(starter.cmds(anyList())).thenAnswer(inv -> {
            commands.add(new ArrayList<>(inv.getArgument(0)));
            return starter;
        });
        when(starter.join()).thenAnswer(inv -> fakeAgent(commands.get(commands.size() - 1)));
        aborts = Aborts.mock();
    }

    @AfterEach
    void tearDown() {
        aborts.close();
        jenkins.close();
    }

    private int fakeAgent(List<String> command) throws Exception {
        String out = command.get(command.indexOf("--out") + 1);
        String shard = command.get(command.indexOf("--shard") + 1);
        String attacks = command.contains("--attacks") ? command.get(command.indexOf("--attacks") + 1) : "pgd-linf";
        f.listener.getLogger().println("[detector-agent] 2/2 images, attack pgd-linf eps 8, 3.0 img/s");
        Path file = f.workspace.resolve(out);
        if (attacks.contains("fgsn")) {
            Files.writeString(file, "{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"attack\",\"status\":\"error\","
                    + "\"problem\":\"Unknown attack 'fgsn'.\",\"fix\":\"Use one of: fgsm, pgd-linf, pgd-l2, square, noise, patch.\"}");
            return 3;
        }
        int index = Integer.parseInt(shard.split("/")[0]);
        int count = Integer.parseInt(shard.split("/")[1]);
        Files.write(file, attackJson(index, count));
        Files.writeString(file.resolveSibling("attack-tradeoffs.md"), "| measure | p50 |\n| none | 40 |\n");
        return 0;
    }

    private static Map<String, Object> row(String defence, boolean adaptive, Match m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("attack", "pgd-linf");
        r.put("epsilon", 8);
        r.put("defence", defence);
        r.put("adaptive", adaptive);
        r.put("ap50", m.ap50());
        r.put("match", m.toJson());
        return r;
    }

    /** Clean: 3 of 4 boxes; no defence: 1 of 4; jpeg against the plain attack: 3 of 4 (masking); adaptive: 1 of 4. */
    static byte[] attackJson(int index, int count) {
        Match clean = new Match(4, List.of(0.9, 0.8, 0.7), List.of(1, 1, 1));
        Match weak = new Match(4, List.of(0.6), List.of(1));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", "secmlops.detector-agent/v1");
        r.put("command", "attack");
        r.put("status", "ok");
        r.put("model", Map.of("files", Map.of("saved_model.pb", "sha256:" + "cd".repeat(32))));
        r.put("labels", Map.of("source", "ground-truth", "file", "data/pds-val/annotations.json"));
        r.put("shard", Map.of("index", index, "count", count, "images", List.of("frame_" + index + ".jpg")));
        r.put("settings", Map.of("seed", 7, "epsilons", List.of(8)));
        r.put("clean", Map.of("ap50", clean.ap50(), "detections", 3, "match", clean.toJson()));
        r.put("attacks", List.of(row("none", false, weak), row("jpeg", false, clean), row("jpeg", true, weak)));
        r.put("tradeoffs", List.of(Map.of("measure", "none", "latencyP50Ms", 40.0, "cleanAp50", clean.ap50())));
        r.put("images", Map.of("table", "attack-tradeoffs.md"));
        return Evidence.json(r);
    }

    private AdversarialTestStep step() {
        AdversarialTestStep s = new AdversarialTestStep(" models/pds ", "data/pds-val");
        s.setName("pds");
        s.setAttacks(List.of("pgd-linf"));
        s.setEpsilons(List.of(8.0));
        s.setDefences(List.of("jpeg"));
        s.setSeed(7L);
        s.setThreads(2);
        s.setDetectorAgent("tf-gpu");
        return s;
    }

    private void run(AdversarialTestStep s) throws Exception {
        StepRunner.run(f.context, in -> s.callable(in, node, launcher, f.env));
    }

    private Path stored(String folder, String file) {
        return f.buildDir.resolve("secmlops/evidence/001-adversarialTest-" + folder).resolve(file);
    }

    @Test
    void defaultsTheDescriptorAndTheContextItNeeds() {
        AdversarialTestStep s = new AdversarialTestStep("models/pds", "data/pds-val");
        s.setName(" ");
        s.setOnFailure(null);
        s.setAttacks(Arrays.asList(" fgsm ", "", null));
        assertThat(s.getName()).isEqualTo("adversarial");
        assertThat(s.getOnFailure()).isEqualTo("fail");
        assertThat(s.getAttacks()).containsExactly("fgsm");
        assertThat(s.getShard()).isNull();
        // Groovy hands over [1, 2] as Integers and may hand over strings, whatever the declared element type
        s.setEpsilons((List<Double>) (List<?>) Arrays.asList(1, "2.5", "x"));
        assertThat(s.getEpsilons()).containsExactly(1.0, 2.5, Double.NaN);
        AdversarialTestStep.DescriptorImpl d = new AdversarialTestStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("adversarialTest");
        assertThat(AdversarialTestStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("adversarialTest");
        assertThat(new ArrayList<Class<?>>(d.getRequiredContext())).contains(Launcher.class, Node.class)
                .containsAll(StepRunner.REQUIRED_CONTEXT);
        assertThat(d.argumentsToString(Map.of("name", "pds"))).isEqualTo("pds");
    }

    @Test
    void runsTheAgentOnTheNodeAndRecordsItsStudyWithTheBuild() throws Exception {
        AdversarialTestStep s = step();
        s.setMinRobustAP50(0.2);
        run(s);

        assertThat(commands).containsExactly(List.of("/opt/detector-agent/bin/detector-agent", "attack", "--model", "models/pds",
                "--data", "data/pds-val", "--attacks", "pgd-linf", "--epsilons", "8", "--defences", "jpeg", "--max-images", "0", "--seed", "7",
                "--threads", "2", "--shard", "1/1", "--out", ".secmlops/adversarial/adversarialTest-pds/attack.json"));
        verify(starter).pwd(f.filePath);
        verify(starter).stdout(f.listener);
        verify(starter).envs(f.env);
        assertThat(f.log()).contains("runs the detector agent on gpu-1")
                .contains("[detector-agent] 2/2 images, attack pgd-linf eps 8, 3.0 img/s")
                .contains("adversarialTest 'pds' passed.");
        String record = Files.readString(stored("pds", "evidence.json"));
        assertThat(record).contains("\"kind\" : \"adversarialTest\"").contains("\"PASS\"").contains("\"tradeoffs\"");
        assertThat(stored("pds", "attack.json")).exists();
        assertThat(stored("pds", "attack-tradeoffs.md")).exists();
        verify(f.run).addAction(isA(SecMlOpsBuildAction.class));
        verify(f.run, never()).setResult(any());
    }

    @Test
    void theGateIgnoresTheDefendedRowMeasuredOnlyAgainstThePlainAttack() throws Exception {
        // jpeg under the plain attack keeps AP50 0.75 > 0.5; the honest rows (none, jpeg adaptive) are at 0.26
        AdversarialTestStep s = step();
        s.setMinRobustAP50(0.5);
        assertThatThrownBy(() -> run(s)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("adversarialTest 'pds' FAIL: robust AP50 0.2574 under pgd-linf ε=8/255 < minRobustAP50 0.5000");
        assertThat(Files.readString(stored("pds", "evidence.json"))).contains("\"FAIL\"");

        s.setOnFailure("unstable");
        try (MockedConstruction<WarningAction> warnings = mockConstruction(WarningAction.class,
                (mock, ctx) -> when(mock.withMessage(any())).thenReturn(mock))) {
            run(s);
        }
        verify(f.run).setResult(Result.UNSTABLE);
    }

    @Test
    void aShardIsRecordedUnderItsShardName() throws Exception {
        AdversarialTestStep s = step();
        s.setShard("2/3");
        run(s);
        assertThat(commands.get(0)).containsSequence("--shard", "2/3", "--out",
                ".secmlops/adversarial/adversarialTest-pds-shard-2of3/attack.json");
        assertThat(Files.readString(stored("pds-shard-2of3", "evidence.json"))).contains("\"shard\" : \"2/3\"");
    }

    @Test
    void badParametersStopTheStepBeforeTheAgentStartsAndStoreNothing() throws Exception {
        for (Object bad : List.of(-1, 256, Double.NaN)) {
            AdversarialTestStep s = step();
            s.setEpsilons((List<Double>) (List<?>) List.of(4, bad));
            assertThatThrownBy(() -> run(s)).as("epsilon " + bad).isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("adversarialTest: Parameter epsilons has ").hasMessageContaining(" Fix: ");
        }
        for (String bad : List.of("2of4", "5/4", "0/1")) {
            AdversarialTestStep s = step();
            s.setShard(bad);
            assertThatThrownBy(() -> run(s)).as(bad).hasMessageStartingWith("adversarialTest: Parameter shard is '" + bad + "'");
        }
        Files.createDirectories(f.workspace.resolve("data/empty"));
        AdversarialTestStep empty = new AdversarialTestStep("models/pds", "data/empty");
        assertThatThrownBy(() -> run(empty)).hasMessageStartingWith("adversarialTest: The data folder 'data/empty' is empty.");
        AdversarialTestStep outside = new AdversarialTestStep("../models", "data/pds-val");
        assertThatThrownBy(() -> run(outside)).hasMessageContaining("is outside the workspace");
        assertThat(commands).isEmpty();
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
        verify(f.run, never()).addAction(any());
    }

    @Test
    void anUnknownAttackStopsTheStepWithTheAgentsMessage() throws Exception {
        AdversarialTestStep s = step();
        s.setAttacks(List.of("fgsn"));
        assertThatThrownBy(() -> run(s)).isInstanceOf(AbortException.class)
                .hasMessage("detector-agent attack: Unknown attack 'fgsn'. Fix: Use one of: fgsm, pgd-linf, pgd-l2, square, noise, patch.");
        assertThat(commands).hasSize(1);
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }
}
