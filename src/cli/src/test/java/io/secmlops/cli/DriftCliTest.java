package io.secmlops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCliTest {
    @TempDir
    Path ws;

    private int cli(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    private void csv(String name, double shift, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("brightness,persons,weather\n");
        for (int i = 0; i < 400; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.5f,%d,%s%n", r.nextGaussian() + shift, r.nextInt(8),
                    r.nextDouble() < 0.7 ? "sun" : r.nextBoolean() ? "rain" : "fog"));
        }
        Files.writeString(ws.resolve(name), sb);
    }

    @Test
    void sameDistributionPassesAShiftFailsAndAProfileGivesTheSameVerdicts() throws Exception {
        csv("ref.csv", 0, 1);
        csv("same.csv", 0, 2);
        csv("shifted.csv", 1.5, 3);
        String w = "--workspace=" + ws;
        StringWriter err = new StringWriter();
        assertThat(cli(err, "drift", w, "--reference", "ref.csv", "--current", "same.csv", "-q")).as(err.toString()).isZero();

        // Only one of three columns drifts: below the default share of 0.5, so the gate passes...
        assertThat(cli(err, "drift", w, "--reference", "ref.csv", "--current", "shifted.csv", "-q")).isZero();
        // ...and with a share of 0.3 it fails, naming the column.
        StringWriter failed = new StringWriter();
        assertThat(cli(failed, "drift", w, "--reference", "ref.csv", "--current", "shifted.csv", "--drift-share", "0.3", "-q"))
                .isEqualTo(ExitCode.GATE_FAILED);
        assertThat(failed.toString()).contains("brightness");

        assertThat(cli(err, "drift", w, "--reference", "ref.csv", "--profile-out", "profile.json", "-q")).isZero();
        assertThat(ws.resolve("profile.json")).exists();
        assertThat(cli(new StringWriter(), "drift", w, "--reference", "profile.json", "--current", "shifted.csv",
                "--drift-share", "0.3", "-q")).isEqualTo(ExitCode.GATE_FAILED);
    }

    @Test
    void aNonNumberInANumericColumnIsAnInputErrorNamingRowAndColumn() throws Exception {
        csv("ref.csv", 0, 1);
        Files.writeString(ws.resolve("bad.csv"), "brightness,persons,weather\n0.1,2,sun\nbright,3,fog\n");
        StringWriter err = new StringWriter();
        assertThat(cli(err, "drift", "--workspace=" + ws, "--reference", "ref.csv", "--current", "bad.csv", "-q"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("bad.csv").contains("brightness").contains("bright").contains("Fix:");
        assertThat(ws.resolve("work/evidence/driftGate-drift")).doesNotExist();
    }

    /** Noise images; {@code gain} below 1 darkens. */
    private void images(String dir, int n, long seed, double gain) throws Exception {
        Path d = Files.createDirectories(ws.resolve(dir));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    int v = (int) (Math.max(0, Math.min(255, 120 + r.nextGaussian() * 40)) * gain);
                    img.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            javax.imageio.ImageIO.write(img, "png", d.resolve(String.format("f%03d.png", i)).toFile());
        }
    }

    /**
     * A stand-in for the detector agent's launcher: 'embed --input DIR --out FILE' writes one vector per image of DIR,
     * shifted by 4 when DIR's name holds 'dark'; a model named 'broken' fails as the agent does (exit 3, problem, fix).
     */
    private Path fakeAgent() throws Exception {
        Path bin = Files.createDirectories(ws.resolve("agent/bin"));
        Path exe = bin.resolve("detector-agent");
        Files.writeString(exe, String.join("\n",
                "#!/bin/sh",
                "while [ $# -gt 0 ]; do case $1 in --model) model=$2; shift;; --input) in=$2; shift;; --out) out=$2; shift;; esac; shift; done",
                "if [ \"$model\" = broken ]; then",
                "  printf '{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"embed\",\"status\":\"error\",\"problem\":\"model.json is missing\",\"fix\":\"give the model folder\"}' > \"$out\"; exit 3",
                "fi",
                "shift=0; case $in in *dark*) shift=4;; esac",
                "i=0; sep=''",
                "{ printf '{\"schema\":\"secmlops.detector-agent/v1\",\"command\":\"embed\",\"status\":\"ok\",\"tensor\":\"fake\",\"vectors\":['",
                "  for f in \"$in\"/*.png; do printf '%s{\"file\":\"%s\",\"vector\":[%d,%d,%d]}' \"$sep\" \"$f\" $((i % 7 + shift)) $((i * 3 % 5)) $((i % 4)); sep=,; i=$((i + 1)); done",
                "  printf ']}'; } > \"$out\"",
                ""));
        exe.toFile().setExecutable(true);
        return ws.resolve("agent");
    }

    @Test
    void imagesAreEmbeddedByTheDetectorAgentProcessAndDarkFramesDrift() throws Exception {
        images("frames/ref", 30, 1, 1.0);
        images("frames/same", 30, 2, 1.0);
        images("frames/dark", 30, 3, 0.5);
        String agent = "--agent-home=" + fakeAgent();
        String w = "--workspace=" + ws;
        StringWriter err = new StringWriter();
        assertThat(cli(err, "drift", w, agent, "--reference", "frames/ref", "--images", "frames/same", "--model", "m", "--name", "cam", "-q"))
                .as(err.toString()).isZero();
        assertThat(ws.resolve(".secmlops/drift-embed/cam-current.json")).exists();
        assertThat(ws.resolve(".secmlops/drift-embed/cam-reference.json")).exists();
        StringWriter failed = new StringWriter();
        assertThat(cli(failed, "drift", w, agent, "--reference", "frames/ref", "--images", "frames/dark", "--model", "m", "-q"))
                .isEqualTo(ExitCode.GATE_FAILED);
        assertThat(failed.toString()).contains("image drift: embeddings MMD^2=").contains("brightness");

        // a profile of the reference images, embedded on the way, then checked against
        assertThat(cli(err, "drift", w, agent, "--reference", "frames/ref", "--model", "m", "--profile-out", "base/frames.json", "-q"))
                .as(err.toString()).isZero();
        assertThat(cli(new StringWriter(), "drift", w, agent, "--reference", "base/frames.json", "--images", "frames/dark", "--model", "m", "-q"))
                .isEqualTo(ExitCode.GATE_FAILED);

        StringWriter broken = new StringWriter();
        assertThat(cli(broken, "drift", w, agent, "--reference", "frames/ref", "--images", "frames/same", "--model", "broken", "-q"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(broken.toString()).contains("could not embed 'frames/same': model.json is missing").contains("give the model folder");
    }
}
