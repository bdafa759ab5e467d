package io.secmlops.detector.adversarial.transform;

import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.secmlops.detector.adversarial.transform.Frames.H;
import static io.secmlops.detector.adversarial.transform.Frames.W;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CorruptionsTest {
    private static final float[] FRAME = Frames.crop();

    @Test
    void everyCorruptionAtEverySeverityStaysInRangeChangesTheImageAndLeavesTheInputAlone() throws Exception {
        float[] before = FRAME.clone();
        for (String name : Corruptions.names()) {
            for (int s = 1; s <= 5; s++) {
                Corruption c = Corruptions.byName(name, s);
                assertThat(c.name()).isEqualTo(name);
                assertThat(c.severity()).isEqualTo(s);
                float[] out = c.apply(FRAME, W, H, new SplittableRandom(1));
                assertThat(out).hasSameSizeAs(FRAME).isNotSameAs(FRAME);
                Frames.assertInRange(out);
                assertThat(Arrays.equals(out, FRAME)).as(name + "@" + s + " changes the image").isFalse();
                assertThat(FRAME).as(name + "@" + s + " leaves its input alone").isEqualTo(before);
            }
        }
    }

    @Test
    void psnrAgainstTheOriginalFallsAsSeverityRises() throws Exception {
        for (String name : Corruptions.names()) {
            double previous = Double.POSITIVE_INFINITY;
            for (int s = 1; s <= 5; s++) {
                double psnr = Frames.psnr(FRAME, Corruptions.byName(name, s).apply(FRAME, W, H, new SplittableRandom(7)));
                assertThat(psnr).as(name + " PSNR at severity " + s + " below severity " + (s - 1)).isLessThan(previous);
                previous = psnr;
            }
        }
    }

    @Test
    void noiseIsReproducibleBySeedAndOnlyNoiseDependsOnTheSeed() throws Exception {
        Corruption noise = Corruptions.byName("gaussian-noise", 3);
        assertThat(noise.apply(FRAME, W, H, new SplittableRandom(42))).isEqualTo(noise.apply(FRAME, W, H, new SplittableRandom(42)));
        assertThat(Arrays.equals(noise.apply(FRAME, W, H, new SplittableRandom(42)), noise.apply(FRAME, W, H, new SplittableRandom(43)))).isFalse();
        for (String name : Corruptions.names()) {
            if (!name.equals("gaussian-noise")) {
                Corruption c = Corruptions.byName(name, 3);
                assertThat(c.apply(FRAME, W, H, new SplittableRandom(1))).as(name).isEqualTo(c.apply(FRAME, W, H, new SplittableRandom(2)));
            }
        }
    }

    @Test
    void noiseHasTheImageNetCSigma() throws Exception {
        float[] grey = new float[200 * 200 * 3];
        Arrays.fill(grey, 128f);
        for (int s = 1; s <= 2; s++) {
            float[] out = Corruptions.byName("gaussian-noise", s).apply(grey, 200, 200, new SplittableRandom(s));
            double sum = 0;
            double sq = 0;
            for (float v : out) {
                sum += v - 128;
                sq += (v - 128) * (v - 128);
            }
            double mean = sum / out.length;
            double sd = Math.sqrt(sq / out.length - mean * mean);
            assertThat(sd).isCloseTo(new double[] {.08, .12}[s - 1] * 255, within(0.3));
            assertThat(mean).isCloseTo(0, within(0.3));
        }
    }

    @Test
    void brightnessAndDarkenShiftTheHsvValueAndKeepHueAndSaturation() throws Exception {
        float[] px = {100, 50, 25, 0, 0, 0, 250, 240, 200};
        float[] bright = Corruptions.byName("brightness", 1).apply(px, 3, 1, new SplittableRandom(0));
        // V 100 -> 125.5: every channel scaled by 1.255
        assertThat(bright[0]).isCloseTo(125.5f, within(1e-3f));
        assertThat(bright[1]).isCloseTo(62.75f, within(1e-3f));
        assertThat(bright[2]).isCloseTo(31.375f, within(1e-3f));
        // black has no hue: it becomes grey
        assertThat(new float[] {bright[3], bright[4], bright[5]}).containsOnly(25.5f);
        // V clips at 255
        assertThat(bright[6]).isEqualTo(255f);
        assertThat(bright[7]).isCloseTo(240f * 255 / 250, within(1e-3f));
        float[] dark = Corruptions.byName("darken", 2).apply(px, 3, 1, new SplittableRandom(0));
        // V 100 - 51 = 49
        assertThat(dark[0]).isCloseTo(49f, within(1e-3f));
        assertThat(dark[1]).isCloseTo(24.5f, within(1e-3f));
        assertThat(new float[] {dark[3], dark[4], dark[5]}).containsOnly(0f);
    }

    @Test
    void contrastKeepsEachChannelMeanAndScalesTheDeviation() throws Exception {
        float[] out = Corruptions.byName("contrast", 1).apply(FRAME, W, H, new SplittableRandom(0));
        for (int c = 0; c < 3; c++) {
            double mi = 0;
            double mo = 0;
            for (int i = c; i < FRAME.length; i += 3) {
                mi += FRAME[i];
                mo += out[i];
            }
            mi /= FRAME.length / 3.0;
            mo /= FRAME.length / 3.0;
            assertThat(mo).isCloseTo(mi, within(1e-2));
            assertThat((double) out[c]).isCloseTo((FRAME[c] - mi) * 0.4 + mi, within(1e-3));
        }
    }

    @Test
    void hazeBlendsTowardsTheAirlight() throws Exception {
        float[] px = {0, 100, 255};
        float[] out = Corruptions.byName("haze", 5).apply(px, 1, 1, new SplittableRandom(0));
        double a = 0.85 * 255;
        assertThat((double) out[0]).isCloseTo(a * 0.75, within(1e-3));
        assertThat((double) out[1]).isCloseTo(100 * 0.25 + a * 0.75, within(1e-3));
        assertThat((double) out[2]).isCloseTo(255 * 0.25 + a * 0.75, within(1e-3));
    }

    @Test
    void blurKeepsAConstantImageAndSpreadsAnImpulseSymmetricallyWithoutLosingMass() throws Exception {
        float[] flat = new float[40 * 40 * 3];
        Arrays.fill(flat, 77f);
        for (float v : Corruptions.byName("blur", 5).apply(flat, 40, 40, new SplittableRandom(0))) {
            assertThat(v).isCloseTo(77f, within(1e-3f));
        }
        int n = 41;
        float[] impulse = new float[n * n * 3];
        impulse[(20 * n + 20) * 3] = 255;
        float[] out = Corruptions.byName("blur", 2).apply(impulse, n, n, new SplittableRandom(0));
        double mass = 0;
        for (int i = 0; i < out.length; i += 3) {
            mass += out[i];
        }
        assertThat(mass).isCloseTo(255, within(1e-2));
        assertThat(out[(20 * n + 18) * 3]).isEqualTo(out[(20 * n + 22) * 3]).isEqualTo(out[(18 * n + 20) * 3]);
        // sigma 2: centre weight (1 / sum of exp(-i^2/8), i = -8..8)^2
        double s = 0;
        for (int i = -8; i <= 8; i++) {
            s += Math.exp(-i * i / 8.0);
        }
        assertThat((double) out[(20 * n + 20) * 3]).isCloseTo(255 / (s * s), within(1e-3));
    }

    @Test
    void jpegIsAnImageIoRoundTripAtTheImageNetCQuality() throws Exception {
        int[] quality = {25, 18, 15, 10, 7};
        for (int s = 1; s <= 5; s += 2) {
            Corruption jpeg = Corruptions.byName("jpeg", s);
            assertThat(jpeg.parameters()).containsEntry("quality", quality[s - 1]);
            assertThat(jpeg.apply(FRAME, W, H, new SplittableRandom(0))).isEqualTo(Frames.imageIoJpeg(FRAME, W, H, quality[s - 1]));
        }
    }

    @Test
    void unknownNamesBadSeveritiesAndParametersAreRefusedWithTheFix() {
        assertThatThrownBy(() -> Corruptions.byName("fog", 1)).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("Unknown corruption 'fog'")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix())
                        .contains("gaussian-noise, blur, brightness, contrast, haze, jpeg, darken"));
        assertThatThrownBy(() -> Corruptions.byName("blur", 0)).isInstanceOf(SecMlOpsException.class).hasMessageContaining("Severity 0");
        assertThatThrownBy(() -> Corruptions.byName("blur", 6)).isInstanceOf(SecMlOpsException.class)
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("1 (mild) to 5 (severe)"));
        assertThatThrownBy(() -> Corruptions.byName("jpeg:30", 1)).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("severity only");
        assertThatThrownBy(() -> Corruptions.byName(" ", 1)).isInstanceOf(SecMlOpsException.class);
    }

    @Test
    void aWronglySizedArrayIsAProgrammingError() throws Exception {
        Corruption c = Corruptions.byName("contrast", 1);
        assertThatThrownBy(() -> c.apply(new float[10], 2, 2, new SplittableRandom(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x2x3 = 12");
    }
}
