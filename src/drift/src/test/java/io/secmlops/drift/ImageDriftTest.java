package io.secmlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image mode end to end on synthetic images and detector-agent results in its format. */
class ImageDriftTest {
    @TempDir
    Path ws;

    @BeforeEach
    void setUp() throws Exception {
        images("ref", 40, 1, 1.0, 0.0);
        images("same", 40, 2, 1.0, 0.0);
        images("dark", 40, 3, 0.45, 0.0);
        embed("ref", 40, 0.0, 11);
        embed("same", 40, 0.0, 12);
        embed("dark", 40, 1.0, 13);
    }

    /** Textured, coloured noise images; {@code gain} darkens. */
    private void images(String dir, int n, long seed, double gain, double unused) throws Exception {
        Path d = Files.createDirectories(ws.resolve("img/" + dir));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
            int base = 90 + r.nextInt(60);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = Math.max(0, Math.min(255, base + (int) (r.nextGaussian() * 30)));
                    int red = (int) Math.min(255, v * 1.2 * gain);
                    int g = (int) (v * gain);
                    int b = (int) (v * 0.8 * gain);
                    img.setRGB(x, y, (red << 16) | (g << 8) | b);
                }
            }
            ImageIO.write(img, "png", d.resolve(String.format("frame_%04d.png", i)).toFile());
        }
    }

    /** An embed result as detector-agent writes it, vectors N(shift, I) in 8 dimensions. */
    private void embed(String dir, int n, double shift, long seed) throws Exception {
        Random r = new Random(seed);
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[8];
            for (int k = 0; k < 8; k++) {
                v[k] = (float) (r.nextGaussian() + shift);
            }
            vectors.add(Map.of("file", "img/" + dir + String.format("/frame_%04d.png", i), "vector", v));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "secmlops.detector-agent/v1");
        m.put("command", "embed");
        m.put("status", "ok");
        m.put("tensor", "features");
        m.put("dimension", 8);
        m.put("vectors", vectors);
        Files.write(ws.resolve("img/" + dir + ".embed.json"), Json.mapper().writeValueAsBytes(m));
    }

    private DriftRequest.Builder req(String ref, String cur) {
        return DriftRequest.builder(ws).name("frames").reference("img/" + ref).images("img/" + cur)
                .referenceEmbeddings("img/" + ref + ".embed.json").embeddings("img/" + cur + ".embed.json").threads(2);
    }

    private JsonNode evidence(StepResult r) throws Exception {
        return Json.mapper().readTree(Files.readAllBytes(r.directory().resolve("evidence.json")));
    }

    @Test
    void sameImagesPassAndTheEvidenceListsMmdAndEveryStatistic() throws Exception {
        StepResult r = new DriftGate(ProgressListener.SILENT).run(req("ref", "same").build());
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        JsonNode res = evidence(r).get("results");
        JsonNode mmd = res.get("embeddings");
        assertThat(mmd.get("test").asText()).isEqualTo("mmd");
        assertThat(mmd.get("permutations").asInt()).isEqualTo(100);
        assertThat(mmd.get("pValue").asDouble()).isBetween(0.05, 1.0);
        assertThat(mmd.get("bandwidth").asDouble()).isPositive();
        assertThat(mmd.has("mmd2")).isTrue();
        assertThat(res.get("columns")).extracting(c -> c.get("column").asText())
                .containsExactly("brightness", "contrast", "sharpness", "colourfulness");
        assertThat(res.get("imageDrift").asBoolean()).isFalse();
    }

    @Test
    void darkImagesDriftByBothTests() throws Exception {
        StepResult r = new DriftGate(ProgressListener.SILENT).run(req("ref", "dark").build());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons()).anyMatch(s -> s.startsWith("image drift: embeddings MMD^2="))
                .anyMatch(s -> s.startsWith("image statistics drift:") && s.contains("brightness"));
        JsonNode res = evidence(r).get("results");
        assertThat(res.get("embeddings").get("pValue").asDouble()).isEqualTo(1.0 / 101);
    }

    @Test
    void aProfileCarriesASampleOfTheEmbeddingsWithItsErrorBound() throws Exception {
        DriftGate gate = new DriftGate(ProgressListener.SILENT);
        gate.profile(DriftRequest.builder(ws).reference("img/ref").referenceEmbeddings("img/ref.embed.json")
                .profileOut("base/frames.json").embeddingSampleSize(25).build());
        ReferenceProfile p = ReferenceProfile.read(Files.readAllBytes(ws.resolve("base/frames.json")), "p");
        assertThat(p.format()).isEqualTo("images");
        assertThat(p.embeddings().size()).isEqualTo(25);
        assertThat(p.embeddings().count()).isEqualTo(40);
        assertThat(p.embeddings().complete()).isFalse();
        assertThat(p.embeddings().mmdError()).isPositive().isLessThan(0.5);

        StepResult same = gate.run(DriftRequest.builder(ws).reference("base/frames.json").images("img/same")
                .embeddings("img/same.embed.json").build());
        assertThat(same.verdict()).isEqualTo(Verdict.PASS);
        assertThat(evidence(same).get("results").get("embeddings").get("computedFrom").asText()).isEqualTo("profile-sample");
        assertThat(evidence(same).get("results").get("embeddings").get("profileErrorBound").asDouble()).isEqualTo(p.embeddings().mmdError());
        StepResult dark = gate.run(DriftRequest.builder(ws).reference("base/frames.json").images("img/dark")
                .embeddings("img/dark.embed.json").build());
        assertThat(dark.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void detectorOutputGoesThroughTheTabularTests() throws Exception {
        detect("ref", 40, 3.0, 0.8, 21);
        detect("same", 40, 3.0, 0.8, 22);
        detect("dark", 40, 0.6, 0.45, 23);
        StepResult r = new DriftGate(ProgressListener.SILENT).run(DriftRequest.builder(ws).reference("img/ref").images("img/dark")
                .referenceDetections("img/ref.detect.json").detections("img/dark.detect.json").columns(List.of("persons", "score"))
                .build());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons().get(0)).contains("persons").contains("score");
        StepResult ok = new DriftGate(ProgressListener.SILENT).run(DriftRequest.builder(ws).reference("img/ref").images("img/same")
                .referenceDetections("img/ref.detect.json").detections("img/same.detect.json").columns(List.of("persons", "score"))
                .build());
        assertThat(ok.verdict()).isEqualTo(Verdict.PASS);
    }

    /** A detect result: Poisson-ish persons per image, scores around {@code score}. */
    private void detect(String dir, int n, double persons, double score, long seed) throws Exception {
        Random r = new Random(seed);
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = (int) Math.max(0, Math.round(persons + r.nextGaussian() * Math.sqrt(persons)));
            List<Map<String, Object>> dets = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                dets.add(Map.of("classId", 0, "label", "person", "score", Math.min(0.99, Math.max(0.3, score + r.nextGaussian() * 0.08))));
            }
            images.add(Map.of("file", "img/" + dir + String.format("/frame_%04d.png", i), "persons", k, "detections", dets));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "secmlops.detector-agent/v1");
        m.put("command", "detect");
        m.put("status", "ok");
        m.put("parameters", Map.of("scoreThreshold", 0.3));
        m.put("images", images);
        Files.write(ws.resolve("img/" + dir + ".detect.json"), Json.mapper().writeValueAsBytes(m));
    }

    @Test
    void badInputIsOneMessageAndNoEvidence() throws Exception {
        DriftGate gate = new DriftGate(ProgressListener.SILENT);
        // embeddings of another folder
        assertThatThrownBy(() -> gate.run(req("ref", "same").embeddings("img/ref.embed.json").build()))
                .isInstanceOf(SecMlOpsException.class).hasMessageContaining("does not cover the images of 'img/same'");
        // one side only
        assertThatThrownBy(() -> gate.run(req("ref", "same").embeddings(null).build()))
                .hasMessageContaining("The reference has embeddings but no current embeddings were given");
        // too few permutations to ever reach p < 0.05
        assertThatThrownBy(() -> gate.run(req("ref", "same").permutations(10).build()))
                .hasMessageContaining("permutations is 10")
                .extracting(e -> ((SecMlOpsException) e).fix()).asString().contains("between 20 and 100000");
        // a result of another command, and a failed embed
        Files.writeString(ws.resolve("img/wrong.json"), "{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"detect\",\"status\":\"ok\"}");
        assertThatThrownBy(() -> gate.run(req("ref", "same").embeddings("img/wrong.json").build()))
                .hasMessageContaining("is not a detector-agent embed result");
        Files.writeString(ws.resolve("img/failed.json"),
                "{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"embed\",\"status\":\"error\",\"problem\":\"no images\",\"fix\":\"give --input\"}");
        assertThatThrownBy(() -> gate.run(req("ref", "same").embeddings("img/failed.json").build()))
                .hasMessageContaining("records a failed embed: no images").extracting(e -> ((SecMlOpsException) e).fix()).isEqualTo("give --input");
        // a NaN in a vector names the file and the component
        String nan = Files.readString(ws.resolve("img/same.embed.json")).replaceFirst("\"vector\"\\s*:\\s*\\[\\s*[-0-9.E]+", "\"vector\":[\"NaN\"");
        Files.writeString(ws.resolve("img/nan.json"), nan);
        assertThatThrownBy(() -> gate.run(req("ref", "same").embeddings("img/nan.json").build()))
                .hasMessageContaining("not a finite number in the vector of 'img/same/frame_0000.png' (component 0)");
        // a folder of images given as tabular reference, images in profile mode, a tabular profile as image reference
        Files.writeString(ws.resolve("img/stats.csv"), "brightness\n1\n2\n3\n");
        assertThatThrownBy(() -> gate.run(DriftRequest.builder(ws).reference("img/ref").current("img/stats.csv").build()))
                .hasMessageContaining("is a folder of images but the current data 'img/stats.csv' was given as a table");
        assertThatThrownBy(() -> gate.profile(DriftRequest.builder(ws).reference("img/ref").images("img/same").profileOut("p.json").build()))
                .hasMessageContaining("Mode 'profile' was given current images");
        gate.profile(DriftRequest.builder(ws).reference("img/stats.csv").profileOut("tab/profile.json").outputRoot(ws.resolve("tab/ev")).build());
        assertThatThrownBy(() -> gate.run(DriftRequest.builder(ws).reference("tab/profile.json").images("img/same").build()))
                .hasMessageContaining("is a profile of csv data, not of images");
        deleteTree(ws.resolve("tab"));
        // a damaged image names the file
        Files.writeString(ws.resolve("img/same/frame_0003.png"), "not a png");
        assertThatThrownBy(() -> gate.run(req("ref", "same").build()))
                .hasMessageContaining("img/same/frame_0003.png");
        assertThat(ws.resolve(".secmlops/evidence")).doesNotExist();
        try (Stream<Path> s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("img");
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
