package io.secmlops.detector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.detector.DetectorAgent;
import io.secmlops.detector.TestAssets;
import io.secmlops.detector.adversarial.transform.Corruptions;
import io.secmlops.detector.adversarial.transform.Pixels;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code detector-agent corrupt} on real vtest.avi frames (JPEG) and a PNG crop of one. */
class CorruptCommandTest {
    @TempDir
    Path tmp;
    Path in;

    @BeforeEach
    void frames() throws Exception {
        in = Files.createDirectories(tmp.resolve("in"));
        for (int n : new int[] {1, 2}) {
            Files.copy(TestAssets.frame(n), in.resolve(TestAssets.frame(n).getFileName()));
        }
        BufferedImage crop = ImageIO.read(TestAssets.frame(3).toFile()).getSubimage(100, 100, 160, 120);
        ImageIO.write(crop, "png", in.resolve("crop.png").toFile());
    }

    private int run(String... args) {
        return DetectorAgent.run(args);
    }

    private static JsonNode read(Path p) throws Exception {
        return Json.mapper().readTree(p.toFile());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesACorruptedCopyOfEveryImageInItsOwnFormatAndListsThem() throws Exception {
        Path out = tmp.resolve("hazy");
        Path result = tmp.resolve("corrupt.json");
        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "haze", "--severity", "3", "--seed", "1",
                "--out-dir", out.toString(), "--out", result.toString())).isZero();
        assertThat(names(out)).containsExactly("crop.png", "frame_000001.jpg", "frame_000002.jpg");

        JsonNode r = read(result);
        assertThat(r.path("command").asText()).isEqualTo("corrupt");
        assertThat(r.path("status").asText()).isEqualTo("ok");
        assertThat(r.path("corruption").path("name").asText()).isEqualTo("haze");
        assertThat(r.path("corruption").path("severity").asInt()).isEqualTo(3);
        assertThat(r.path("corruption").path("parameters").path("transmission").asDouble()).isEqualTo(0.45);
        assertThat(r.path("images").asInt()).isEqualTo(3);
        for (JsonNode f : r.path("files")) {
            Path written = out.resolve(f.path("file").asText());
            assertThat(f.path("out").asText()).isEqualTo(written.toString());
            assertThat(f.path("sha256").asText()).isEqualTo("sha256:" + Results.sha256(written));
            assertThat(f.path("psnr").asDouble()).isBetween(5.0, 30.0);
        }
        assertThat(r.path("files").get(0).path("format").asText()).isEqualTo("png");
        assertThat(r.path("files").get(1).path("format").asText()).isEqualTo("jpeg");
        assertThat(r.path("files").get(1).path("width").asInt()).isEqualTo(768);

        // formats kept: PNG magic for the PNG, JPEG SOI for the frames
        assertThat(Arrays.copyOf(Files.readAllBytes(out.resolve("crop.png")), 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(Arrays.copyOf(Files.readAllBytes(out.resolve("frame_000001.jpg")), 2)).containsExactly(0xFF, 0xD8);

        // the PNG is lossless: exactly the corruption's pixels, rounded to 8 bits
        BufferedImage src = ImageIO.read(in.resolve("crop.png").toFile());
        float[] expected = Corruptions.byName("haze", 3).apply(Pixels.fromImage(src), 160, 120, new SplittableRandom(0));
        float[] got = Pixels.fromImage(ImageIO.read(out.resolve("crop.png").toFile()));
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isEqualTo((float) Math.round(expected[i]));
        }
        assertThat(names(in)).containsExactly("crop.png", "frame_000001.jpg", "frame_000002.jpg");
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherNoise() throws Exception {
        String[] a = {"corrupt", "-q", "--data", in.toString(), "--corruption", "gaussian-noise", "--severity", "2", "--out"};
        assertThat(run(concat(a, tmp.resolve("a.json").toString(), "--seed", "5", "--out-dir", tmp.resolve("a").toString()))).isZero();
        assertThat(run(concat(a, tmp.resolve("b.json").toString(), "--seed", "5", "--out-dir", tmp.resolve("b").toString()))).isZero();
        assertThat(run(concat(a, tmp.resolve("c.json").toString(), "--seed", "6", "--out-dir", tmp.resolve("c").toString()))).isZero();
        for (String f : names(in)) {
            byte[] first = Files.readAllBytes(tmp.resolve("a").resolve(f));
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f))).as(f).isEqualTo(first);
            assertThat(Arrays.equals(Files.readAllBytes(tmp.resolve("c").resolve(f)), first)).as(f).isFalse();
        }
        // each image draws from its own stream: the two frames do not get the same noise field
        assertThat(CorruptCommand.streamSeed(5, "frame_000001.jpg")).isNotEqualTo(CorruptCommand.streamSeed(5, "frame_000002.jpg"));
    }

    @Test
    void refusesAnOutDirInsideTheInputFolder() throws Exception {
        Path result = tmp.resolve("r.json");
        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "blur", "--severity", "1",
                "--out-dir", in.resolve("blurred").toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        JsonNode r = read(result);
        assertThat(r.path("status").asText()).isEqualTo("error");
        assertThat(r.path("problem").asText()).contains("is inside --data");
        assertThat(r.path("fix").asText()).contains("outside the input folder");
        assertThat(in.resolve("blurred")).doesNotExist();
        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "blur", "--severity", "1",
                "--out-dir", in.toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
    }

    @Test
    void refusesAnEmptyFolderAnUnknownCorruptionAndABadSeverity() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        Path result = tmp.resolve("r.json");
        assertThat(run("corrupt", "-q", "--data", empty.toString(), "--corruption", "blur", "--severity", "1",
                "--out-dir", tmp.resolve("o").toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        assertThat(read(result).path("problem").asText()).contains("holds no images");

        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "snow", "--severity", "1",
                "--out-dir", tmp.resolve("o").toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        assertThat(read(result).path("problem").asText()).contains("Unknown corruption 'snow'");
        assertThat(read(result).path("fix").asText()).contains("gaussian-noise, blur, brightness, contrast, haze, jpeg, darken");

        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "blur", "--severity", "9",
                "--out-dir", tmp.resolve("o").toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        assertThat(read(result).path("problem").asText()).contains("Severity 9");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void anUnreadableImageIsNamedAndNothingIsWritten() throws Exception {
        Files.write(in.resolve("frame_000009.jpg"), new byte[] {1, 2, 3, 4, 5});
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "earlier content");
        Path result = tmp.resolve("r.json");
        assertThat(run("corrupt", "-q", "--data", in.toString(), "--corruption", "contrast", "--severity", "2",
                "--out-dir", out.toString(), "--out", result.toString())).isEqualTo(DetectorAgent.EXIT_PROBLEM);
        assertThat(read(result).path("problem").asText()).contains("frame_000009.jpg");
        // the readable images were staged, not written: the folder is as it was
        assertThat(names(out)).containsExactly("keep.txt");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
