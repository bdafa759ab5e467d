package io.secmlops.detector.adversarial.transform;

import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static io.secmlops.detector.adversarial.transform.Frames.H;
import static io.secmlops.detector.adversarial.transform.Frames.W;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefencesTest {
    private static final float[] FRAME = Frames.crop();

    @Test
    void defaultsAndCanonicalSpecs() throws Exception {
        assertThat(Defences.names()).containsExactly("jpeg", "bit-depth", "median", "gaussian-noise");
        assertThat(Defences.byName("jpeg").parameters()).containsEntry("quality", 75);
        assertThat(Defences.byName("bit-depth").parameters()).containsEntry("bits", 5);
        assertThat(Defences.byName("median").parameters()).containsEntry("window", 3);
        assertThat(Defences.byName("gaussian-noise").parameters()).containsEntry("sigma", 8.0);
        assertThat(Defences.byName(" JPEG:60 ")).hasToString("jpeg:60");
        assertThat(Defences.byName("gaussian-noise")).hasToString("gaussian-noise:8");
        assertThat(Defences.byName("gaussian-noise:2.5")).hasToString("gaussian-noise:2.5");
        for (String n : Defences.names()) {
            assertThat(Defences.byName(n).name()).isEqualTo(n);
            assertThat(Defences.byName(n).randomized()).as(n).isEqualTo(n.equals("gaussian-noise"));
        }
    }

    @Test
    void everyDefenceStaysInRangeAndLeavesTheInputAlone() throws Exception {
        float[] before = FRAME.clone();
        for (String spec : new String[] {"jpeg", "jpeg:10", "bit-depth", "bit-depth:1", "median", "median:7", "gaussian-noise", "gaussian-noise:60"}) {
            float[] out = Defences.byName(spec).apply(FRAME, W, H, new SplittableRandom(3));
            Frames.assertInRange(out);
            assertThat(out).hasSameSizeAs(FRAME);
            assertThat(FRAME).as(spec).isEqualTo(before);
        }
    }

    @Test
    void medianRemovesSaltAndPepperPixels() throws Exception {
        // a smooth ramp: the 3x3 median of an untouched ramp is the pixel itself, and one outlier cannot move it
        int w = 64;
        int h = 48;
        float[] ramp = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    ramp[(y * w + x) * 3 + c] = 20 + x + y + 10 * c;
                }
            }
        }
        float[] noisy = ramp.clone();
        SplittableRandom rng = new SplittableRandom(5);
        int flipped = 0;
        for (int y = 1; y < h - 1; y += 3) {
            for (int x = 1; x < w - 1; x += 3) {
                int i = (y * w + x) * 3 + rng.nextInt(3);
                noisy[i] = rng.nextBoolean() ? 255 : 0;
                flipped++;
            }
        }
        float[] cleaned = Defences.byName("median").apply(noisy, w, h, rng);
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * w + x) * 3 + c;
                    assertThat(cleaned[i]).as("pixel %d,%d channel %d", x, y, c).isEqualTo(ramp[i]);
                }
            }
        }
        assertThat(flipped).isGreaterThan(200);

        // on real footage: 2% salt-and-pepper, over 95% of it gone after median:3 (what stays is mostly at thin edges,
        // which the median also moves on a clean frame)
        float[] frameNoisy = FRAME.clone();
        int outliersBefore = 0;
        for (int i = 0; i < frameNoisy.length; i++) {
            if (rng.nextDouble() < 0.02) {
                frameNoisy[i] = rng.nextBoolean() ? 255 : 0;
            }
        }
        float[] frameCleaned = Defences.byName("median:3").apply(frameNoisy, W, H, rng);
        int outliersAfter = 0;
        for (int i = 0; i < FRAME.length; i++) {
            outliersBefore += Math.abs(frameNoisy[i] - FRAME[i]) > 100 ? 1 : 0;
            outliersAfter += Math.abs(frameCleaned[i] - FRAME[i]) > 100 ? 1 : 0;
        }
        assertThat(outliersBefore).isGreaterThan(1000);
        assertThat(outliersAfter).isLessThan(outliersBefore / 20);
    }

    @Test
    void bitDepthLeavesExactlyTwoToTheBitsLevels() throws Exception {
        float[] ramp = new float[256 * 3];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i / 3 + (i % 3) / 3f;
        }
        for (int bits = 1; bits <= 8; bits++) {
            float[] out = Defences.byName("bit-depth:" + bits).apply(ramp, 256, 1, new SplittableRandom(0));
            TreeSet<Float> levels = new TreeSet<>();
            for (float v : out) {
                levels.add(v);
            }
            assertThat(levels).as(bits + " bits").hasSize(1 << bits);
            assertThat(levels.first()).isZero();
            assertThat(levels.last()).isEqualTo(255f);
            // evenly spaced
            int top = (1 << bits) - 1;
            int l = 0;
            for (float v : levels) {
                assertThat((double) v).isCloseTo(l++ * 255.0 / top, org.assertj.core.api.Assertions.within(1e-3));
            }
        }
        // and each value goes to its nearest level
        float[] one = Defences.byName("bit-depth:1").apply(new float[] {127, 128, 200}, 1, 1, new SplittableRandom(0));
        assertThat(one).containsExactly(0f, 255f, 255f);
    }

    @Test
    void jpegIsAnImageIoRoundTripAtTheGivenQuality() throws Exception {
        assertThat(Defences.byName("jpeg").apply(FRAME, W, H, new SplittableRandom(0))).isEqualTo(Frames.imageIoJpeg(FRAME, W, H, 75));
        assertThat(Defences.byName("jpeg:60").apply(FRAME, W, H, new SplittableRandom(0))).isEqualTo(Frames.imageIoJpeg(FRAME, W, H, 60));
        assertThat(Defences.byName("jpeg:60").apply(FRAME, W, H, new SplittableRandom(0)))
                .isNotEqualTo(Frames.imageIoJpeg(FRAME, W, H, 75));
    }

    @Test
    void noiseDefenceIsReproducibleBySeedAndDiffersAcrossSeeds() throws Exception {
        Defence d = Defences.byName("gaussian-noise:8");
        float[] a = d.apply(FRAME, W, H, new SplittableRandom(9));
        assertThat(d.apply(FRAME, W, H, new SplittableRandom(9))).isEqualTo(a);
        assertThat(Arrays.equals(a, d.apply(FRAME, W, H, new SplittableRandom(10)))).isFalse();
        double psnr8 = Frames.psnr(FRAME, a);
        double psnr32 = Frames.psnr(FRAME, Defences.byName("gaussian-noise:32").apply(FRAME, W, H, new SplittableRandom(9)));
        assertThat(psnr32).isLessThan(psnr8);
    }

    @Test
    void unknownNamesAndBadParametersAreRefusedNamingTheParameterAndTheFix() {
        assertThatThrownBy(() -> Defences.byName("blur")).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("Unknown defence 'blur'")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("jpeg").contains("bit-depth").contains("median")
                        .contains("gaussian-noise"));
        assertThatThrownBy(() -> Defences.byName("jpeg:0")).hasMessageContaining("quality '0'").hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> Defences.byName("jpeg:high")).hasMessageContaining("quality 'high'");
        assertThatThrownBy(() -> Defences.byName("bit-depth:9")).hasMessageContaining("bits '9'").hasMessageContaining("1 to 8");
        assertThatThrownBy(() -> Defences.byName("median:4")).hasMessageContaining("must be odd")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("median:3").contains("median:5"));
        assertThatThrownBy(() -> Defences.byName("median:17")).hasMessageContaining("window '17'");
        assertThatThrownBy(() -> Defences.byName("gaussian-noise:-1")).hasMessageContaining("sigma '-1'");
        assertThatThrownBy(() -> Defences.byName("gaussian-noise:NaN")).hasMessageContaining("sigma 'nan'");
        assertThatThrownBy(() -> Defences.byName("")).isInstanceOf(SecMlOpsException.class).hasMessageContaining("No defence");
    }
}
