package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.Launcher;
import hudson.model.Node;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import io.jenkins.plugins.secmlops.tools.DetectorAgentTool;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

/** driftGate's image mode on the controller side: precomputed embeddings, and embeddings made by the detector agent on the node. */
class DriftGateImageStepTest {
    @TempDir
    Path tmp;
    Fixtures f;
    final Launcher launcher = mock(Launcher.class);
    final Node node = mock(Node.class);

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        images("frames/ref", 30, 1, 1.0);
        images("frames/same", 30, 2, 1.0);
        images("frames/dark", 30, 3, 0.5);
        when(f.context.get(Launcher.class)).thenReturn(launcher);
        when(f.context.get(Node.class)).thenReturn(node);
    }

    private void images(String dir, int n, long seed, double gain) throws Exception {
        Path d = Files.createDirectories(f.workspace.resolve(dir));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    int v = (int) (Math.max(0, Math.min(255, 120 + r.nextGaussian() * 40)) * gain);
                    img.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            ImageIO.write(img, "png", d.resolve(String.format("f%03d.png", i)).toFile());
        }
    }

    /** What 'detector-agent embed --input DIR --out FILE' writes; vectors shifted by 4 for a folder named dark. */
    private void embedResult(String dir, String out) throws Exception {
        List<String> vs = new ArrayList<>();
        double shift = dir.contains("dark") ? 4 : 0;
        Random r = new Random(dir.hashCode());
        try (var files = Files.list(f.workspace.resolve(dir))) {
            for (Path p : files.sorted().toList()) {
                vs.add(String.format(Locale.ROOT, "{\"file\":\"%s/%s\",\"vector\":[%.4f,%.4f,%.4f]}", dir, p.getFileName(),
                        r.nextGaussian() + shift, r.nextGaussian(), r.nextGaussian()));
            }
        }
        Path o = f.workspace.resolve(out);
        Files.createDirectories(o.getParent());
        Files.writeString(o, "{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"embed\",\"status\":\"ok\",\"vectors\":["
                + String.join(",", vs) + "]}");
    }

    private DriftGateStep step(String images) {
        DriftGateStep s = new DriftGateStep("frames/ref");
        s.setImages(images);
        s.setName("cam");
        return s;
    }

    @Test
    void precomputedEmbeddings() throws Exception {
        embedResult("frames/ref", "emb/ref.json");
        embedResult("frames/same", "emb/same.json");
        embedResult("frames/dark", "emb/dark.json");
        DriftGateStep same = step("frames/same");
        same.setReferenceEmbeddings("emb/ref.json");
        same.setEmbeddings("emb/same.json");
        StepRunner.run(f.context, same::callable);
        Path stored = f.buildDir.resolve("secmlops/evidence/001-driftGate-cam/evidence.json");
        assertThat(Files.readString(stored)).contains("\"PASS\"").contains("\"mmd2\"").contains("\"bandwidth\"")
                .contains("\"permutations\" : 100").contains("brightness");

        DriftGateStep dark = step("frames/dark");
        dark.setReferenceEmbeddings("emb/ref.json");
        dark.setEmbeddings("emb/dark.json");
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, dark::callable))
                    .hasMessageStartingWith("driftGate 'cam' FAIL").hasMessageContaining("image drift: embeddings MMD^2=")
                    .hasMessageContaining("image statistics drift");
        }
    }

    @Test
    void withAModelTheNodeEmbedsBothFoldersThroughTheDetectorAgentTool() throws Exception {
        DriftGateStep s = step("frames/dark");
        s.setModel("models/centernet");
        s.setDetectorAgent("tf-cpu");
        List<List<String>> calls = new ArrayList<>();
        try (MockedStatic<DetectorAgentTool> tool = mockStatic(DetectorAgentTool.class);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            tool.when(() -> DetectorAgentTool.executable(eq("tf-cpu"), eq(node), any(), any())).thenReturn("/opt/da/bin/detector-agent");
            tool.when(() -> DetectorAgentTool.run(eq(launcher), eq(f.filePath), any(), any(), eq("/opt/da/bin/detector-agent"), anyList()))
                    .thenAnswer(inv -> {
                        List<String> args = inv.getArgument(5);
                        calls.add(args);
                        embedResult(args.get(4), args.get(6));
                        return 0;
                    });
            assertThatThrownBy(() -> StepRunner.run(f.context, in -> s.callable(in, f.context)))
                    .hasMessageContaining("image drift: embeddings MMD^2=");
        }
        assertThat(calls).containsExactly(
                List.of("embed", "--model", "models/centernet", "--input", "frames/dark", "--out", ".secmlops/drift-embed/cam-current.json"),
                List.of("embed", "--model", "models/centernet", "--input", "frames/ref", "--out", ".secmlops/drift-embed/cam-reference.json"));
    }

    @Test
    void aFailedEmbedStopsTheStepWithTheAgentsProblemAndStoresNothing() throws Exception {
        DriftGateStep s = step("frames/same");
        s.setModel("models/missing");
        try (MockedStatic<DetectorAgentTool> tool = mockStatic(DetectorAgentTool.class);
             MockedConstruction<AbortException> aborts = Aborts.mock()) {
            tool.when(() -> DetectorAgentTool.executable(any(), any(), any(), any())).thenReturn("/opt/da/bin/detector-agent");
            tool.when(() -> DetectorAgentTool.run(any(), any(), any(), any(), anyString(), anyList())).thenReturn(3);
            tool.when(() -> DetectorAgentTool.readResult(any(), anyString())).thenReturn(
                    "{\"status\":\"error\",\"problem\":\"models/missing does not exist\",\"fix\":\"give the model folder\"}");
            assertThatThrownBy(() -> StepRunner.run(f.context, in -> s.callable(in, f.context)))
                    .hasMessage("driftGate: the detector agent could not embed 'frames/same': models/missing does not exist. "
                            + "Fix: give the model folder");
            // without a node context (callable built outside a Pipeline) the step says so
            assertThatThrownBy(() -> StepRunner.run(f.context, s::callable)).hasMessageContaining("inside node");
        }
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
    }
}
