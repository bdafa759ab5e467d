package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.model.Result;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;

/** dataAudit end to end on the controller side, with the real audit where the agent would run it. */
@SuppressWarnings("try")
class DataAuditStepTest {
    @TempDir
    Path tmp;
    Fixtures f;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A background and random shapes, different for every seed. */
    static BufferedImage scene(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
        g.fillRect(0, 0, 160, 120);
        for (int k = 0; k < 14; k++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            int s = 8 + r.nextInt(80);
            g.fillRect(r.nextInt(160) - s / 2, r.nextInt(120) - s / 3, s, s * 2 / 3);
        }
        g.dispose();
        return img;
    }

    static void jpeg(BufferedImage img, Path file, float quality) throws Exception {
        Files.createDirectories(file.getParent());
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    /** 12 train frames; val has 6 of its own, a byte copy of frame 3 and a re-encoded copy of frame 7. */
    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        for (int i = 0; i < 12; i++) {
            jpeg(scene(i), f.workspace.resolve(String.format(Locale.ROOT, "data/train/frame_%04d.jpg", i)), 0.9f);
        }
        for (int i = 100; i < 106; i++) {
            jpeg(scene(i), f.workspace.resolve(String.format(Locale.ROOT, "data/val/frame_%04d.jpg", i)), 0.9f);
        }
        jpeg(scene(200), f.workspace.resolve("data/clean-val/frame_0200.jpg"), 0.9f);
    }

    private void leak() throws Exception {
        Files.copy(f.workspace.resolve("data/train/frame_0003.jpg"), f.workspace.resolve("data/val/copied.jpg"));
        BufferedImage seven = ImageIO.read(f.workspace.resolve("data/train/frame_0007.jpg").toFile());
        jpeg(seven, f.workspace.resolve("data/val/reencoded.jpg"), 0.5f);
    }

    private DataAuditStep step(String val) {
        DataAuditStep s = new DataAuditStep();
        s.setName("pds");
        Map<String, String> splits = new LinkedHashMap<>();
        splits.put("train", "data/train");
        splits.put("val", val);
        s.setSplits(splits);
        return s;
    }

    private Path stored(String file) {
        return f.buildDir.resolve("secmlops/evidence/001-dataAudit-pds").resolve(file);
    }

    @Test
    void theDescriptorAndTheParameters() {
        DataAuditStep s = new DataAuditStep();
        s.setName(" ");
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put(" train ", new StringBuilder("data/train")); // a Groovy string is not a java.lang.String either
        splits.put("val", " ");
        @SuppressWarnings("unchecked")
        Map<String, String> raw = (Map<String, String>) (Map<?, ?>) splits;
        s.setSplits(raw);
        assertThat(s.getName()).isEqualTo("dataset");
        assertThat(s.getSplits()).containsExactly(Map.entry("train", "data/train"));
        assertThat(s.getHamming()).isEqualTo(6);
        assertThat(s.getEpsilon()).isEqualTo(0.05);
        DataAuditStep.DescriptorImpl d = new DataAuditStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("dataAudit");
        assertThat(DataAuditStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("dataAudit");
        assertThat(d.argumentsToString(Map.of("name", "pds"))).isEqualTo("pds");
    }

    @Test
    void cleanSplitsPassAndTheEvidenceIsKeptWithTheBuild() throws Exception {
        StepRunner.run(f.context, step("data/clean-val")::callable);
        assertThat(Files.readString(stored("evidence.json"))).contains("\"PASS\"").contains("\"dataAudit\"");
        assertThat(stored("pairs.json")).exists();
        assertThat(stored("stats.json")).exists();
        verify(f.run).addAction(isA(SecMlOpsBuildAction.class));
        verify(f.run, never()).setResult(any());
    }

    @Test
    void copiedAndReencodedFramesInValFailTheStepPairByPair() throws Exception {
        leak();
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, step("data/val")::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("dataAudit 'pds' FAIL")
                    .hasMessageContaining("2 duplicate pair(s) across splits (1 exact, 1 near; limit 0)");
        }
        String record = Files.readString(stored("evidence.json"));
        assertThat(record).contains("data/train/frame_0003.jpg").contains("data/val/copied.jpg")
                .contains("data/train/frame_0007.jpg").contains("data/val/reencoded.jpg");
    }

    @Test
    void onLeakageUnstableMarksTheBuildAndGoesOn() throws Exception {
        leak();
        DataAuditStep s = step("data/val");
        s.setOnLeakage("unstable");
        try (MockedConstruction<WarningAction> warnings = mockConstruction(WarningAction.class,
                (mock, ctx) -> when(mock.withMessage(any())).thenReturn(mock))) {
            StepRunner.run(f.context, s::callable);
        }
        verify(f.run).setResult(Result.UNSTABLE);
        assertThat(f.log()).contains("WARNING: dataAudit 'pds' UNSTABLE");
    }

    @Test
    void badInputStopsTheStepNamingTheFileAndStoresNothing() throws Exception {
        Files.write(f.workspace.resolve("data/val/broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2});
        Files.writeString(f.workspace.resolve("embed.json"), "{\"command\": \"embed\", \"status\": \"error\", \"problem\": \"no model\"}");
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, step("data/val")::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("broken.jpg").hasMessageContaining(" Fix: ");
            DataAuditStep noSplits = new DataAuditStep();
            assertThatThrownBy(() -> StepRunner.run(f.context, noSplits::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("No split was given")
                    .hasMessageContaining("splits: [train: 'data/train']");
            DataAuditStep embeddings = step("data/clean-val");
            embeddings.setEmbeddings("embed.json");
            assertThatThrownBy(() -> StepRunner.run(f.context, embeddings::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("embed.json")
                    .hasMessageContaining("records a failed run");
        }
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
        verify(f.run, never()).addAction(any());
    }
}
