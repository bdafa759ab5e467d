package io.secmlops.detector.adversarial;

import io.secmlops.detector.adversarial.attacks.AdversarialPatch;
import io.secmlops.detector.adversarial.attacks.Fgsm;
import io.secmlops.detector.adversarial.attacks.Pgd;
import io.secmlops.detector.adversarial.attacks.RandomNoise;
import io.secmlops.detector.adversarial.attacks.SquareAttack;
import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.detector.detect.Preprocess;
import io.secmlops.detector.model.LoadedModel;
import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties every attack must have, on the tiny CenterNet-shaped detector (real TF graph, real gradients). */
class AttackPropertiesTest {
    static final int S = TinyDetector.S;
    static LoadedModel model;
    static DetectorEstimator vanishing;
    static DetectorEstimator untargeted;

    @BeforeAll
    static void load() throws SecMlOpsException {
        model = TinyDetector.build(7, false);
        vanishing = new DetectorEstimator(model, Objective.VANISHING, null, 0.5);
        untargeted = new DetectorEstimator(model, Objective.UNTARGETED, null, 0.5);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A 16x16 image; with {@code letterboxed}, only rows 4..11 are frame (a 16x8 image padded top and bottom). */
    static Sample sample(long id, boolean letterboxed) {
        Random r = new Random(id);
        float[] x = new float[S * S * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(256);
        }
        if (letterboxed) {
            for (int i = 0; i < 4 * S * 3; i++) {
                x[i] = Preprocess.PAD;
                x[x.length - 1 - i] = Preprocess.PAD;
            }
        }
        Preprocess.Prepared p = letterboxed ? new Preprocess.Prepared(x, S, S, 8, 1, 1, 0, 4, true) : new Preprocess.Prepared(x, S, S, S, 1, 1, 0, 0, false);
        return new Sample(id, "img" + id, p, List.of(new double[] {3, 4, 9, 12}, new double[] {10, 2, 15, 10}));
    }

    @Test
    void inputGradientMatchesFiniteDifferences() throws SecMlOpsException {
        for (DetectorEstimator est : List.of(vanishing, untargeted)) {
            Sample s = sample(3, false);
            float[] x = s.input();
            float[] g = est.lossGradient(s, x).gradient();
            Random r = new Random(1);
            int checked = 0;
            for (int k = 0; k < 60 && checked < 12; k++) {
                int i = r.nextInt(x.length);
                float h = 0.5f; // pixel units; the model scales by 1/255, so this is a small step in its own units
                float[] plus = x.clone();
                float[] minus = x.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (est.loss(s, plus) - est.loss(s, minus)) / (2 * h);
                if (Math.abs(fd) < 1e-4 && Math.abs(g[i]) < 1e-4) {
                    continue; // a dead ReLU: both zero, says nothing
                }
                assertThat(g[i]).as("d loss / d x[%d] (%s)", i, est.objective()).isCloseTo((float) fd, org.assertj.core.data.Offset.offset((float) (2e-3 + 0.02 * Math.abs(fd))));
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void epsilonZeroChangesNothing() throws SecMlOpsException {
        Sample s = sample(4, false);
        for (Attack a : List.of(new Fgsm(0), new Pgd(Pgd.Norm.LINF, 0, 5, 0, true, 1), new Pgd(Pgd.Norm.L2, 0, 5, 0, true, 1),
                new SquareAttack(0, 20, 1), new RandomNoise(0, 1))) {
            assertThat(a.generate(vanishing, List.of(s)).get(0)).as(a.name()).containsExactly(s.input());
        }
    }

    @Test
    void normBoundsHoldExactlyAndPixelsStayInRangeAndPaddingUntouched() throws SecMlOpsException {
        for (double eps : new double[] {0.5, 3, 8, 200}) {
            for (boolean letterboxed : new boolean[] {false, true}) {
                Sample s = sample(10 + (long) eps, letterboxed);
                boolean[] mask = Perturbation.mask(s);
                double radius = Perturbation.l2Radius(eps, Perturbation.count(mask));
                for (Attack a : List.of(new Fgsm(eps), new Pgd(Pgd.Norm.LINF, eps, 4, 0, true, 2), new Pgd(Pgd.Norm.L2, eps, 4, 0, true, 2),
                        new SquareAttack(eps, 15, 2), new RandomNoise(eps, 2))) {
                    float[] adv = a.generate(vanishing, List.of(s)).get(0);
                    float[] x0 = s.input();
                    String what = a.name() + " eps " + eps + (letterboxed ? " letterboxed" : "");
                    if (a.norm().equals("l2")) {
                        assertThat(Perturbation.l2(x0, adv)).as(what).isLessThanOrEqualTo(radius);
                    } else {
                        assertThat(Perturbation.linf(x0, adv)).as(what).isLessThanOrEqualTo(eps);
                    }
                    for (int i = 0; i < adv.length; i++) {
                        assertThat(adv[i]).as(what).isBetween(0f, 255f);
                        if (!mask[i]) {
                            assertThat(adv[i]).as(what + " padding").isEqualTo(x0[i]);
                        }
                    }
                    assertThat(Perturbation.linf(x0, adv)).as(what + " changed something").isPositive();
                }
            }
        }
    }

    @Test
    void pgdSucceedsAtLeastAsOftenAsFgsmAndRandomNoiseHurtsLess() throws SecMlOpsException {
        double eps = 16;
        int pgdWins = 0;
        int fgsmWins = 0;
        double pgdGain = 0;
        double noiseGain = 0;
        double fgsmGain = 0;
        for (long id = 100; id < 116; id++) {
            Sample s = sample(id, false);
            double clean = vanishing.loss(s, s.input());
            double pgd = vanishing.loss(s, new Pgd(Pgd.Norm.LINF, eps, 10, 0, true, 3).generate(vanishing, s));
            double fgsm = vanishing.loss(s, new Fgsm(eps).generate(vanishing, s));
            double noise = vanishing.loss(s, new RandomNoise(eps, 3).generate(vanishing, s));
            pgdGain += pgd - clean;
            fgsmGain += fgsm - clean;
            noiseGain += noise - clean;
            pgdWins += pgd >= fgsm ? 1 : 0;
            fgsmWins += fgsm > pgd ? 1 : 0;
        }
        assertThat(pgdWins).isGreaterThanOrEqualTo(fgsmWins);
        assertThat(pgdGain).isGreaterThanOrEqualTo(fgsmGain).isGreaterThan(0);
        assertThat(noiseGain).isLessThan(pgdGain);
    }

    @Test
    void studySuccessRatePgdAtLeastFgsmAndNoiseBelowPgd() throws SecMlOpsException {
        List<AdversarialStudy.Image> imgs = new ArrayList<>();
        for (long id = 200; id < 224; id++) {
            imgs.add(new AdversarialStudy.Image(sample(id, false), List.of()));
        }
        var settings = new AttackCatalog.Settings(5, 10, 0, true, 30, 4, 2);
        var plan = new AdversarialStudy.Plan(List.of("noise", "fgsm", "pgd-linf"), List.of(8.0, 24.0), List.of(), "pgd-linf", settings);
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> rows = (List<java.util.Map<String, Object>>) new AdversarialStudy(vanishing, imgs, plan, l -> { }).run(0, "none").get("attacks");
        for (double eps : List.of(8.0, 24.0)) {
            double noise = rate(rows, "noise", eps);
            double fgsm = rate(rows, "fgsm", eps);
            double pgd = rate(rows, "pgd-linf", eps);
            assertThat(pgd).as("eps %s", eps).isGreaterThanOrEqualTo(fgsm).isGreaterThanOrEqualTo(noise);
        }
        assertThat(rate(rows, "pgd-linf", 24.0)).isGreaterThan(rate(rows, "noise", 24.0));
    }

    private static double rate(List<java.util.Map<String, Object>> rows, String attack, double eps) {
        return rows.stream().filter(r -> r.get("attack").equals(attack) && r.get("epsilon").equals(eps)).map(r -> (Double) r.get("successRate")).findFirst().orElseThrow();
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() throws SecMlOpsException {
        Sample s = sample(5, true);
        List<Sample> batch = List.of(s, sample(6, false));
        for (int seed : new int[] {1, 2}) {
            for (java.util.function.LongFunction<Attack> make : List.<java.util.function.LongFunction<Attack>>of(
                    sd -> new Pgd(Pgd.Norm.LINF, 4, 3, 0.5, true, sd), sd -> new Pgd(Pgd.Norm.L2, 4, 3, 0, true, sd), // small L∞ steps: the random start still shows
                    
                    sd -> new SquareAttack(4, 10, sd), sd -> new AdversarialPatch(4, 2, 16, sd))) {
                List<float[]> a = make.apply(seed).generate(vanishing, batch);
                List<float[]> b = make.apply(seed).generate(vanishing, batch);
                List<float[]> c = make.apply(seed + 10).generate(vanishing, batch);
                assertThat(a.get(0)).containsExactly(b.get(0));
                assertThat(a.get(1)).containsExactly(b.get(1));
                assertThat(a.get(0)).isNotEqualTo(c.get(0));
            }
        }
    }

    @Test
    void patchStaysInsideTheFrameAndRaisesTheLoss() throws SecMlOpsException {
        List<Sample> batch = List.of(sample(30, true), sample(31, true), sample(32, true));
        AdversarialPatch p = new AdversarialPatch(4, 8, 16, 1);
        List<float[]> adv = p.generate(vanishing, batch);
        double before = 0;
        double after = 0;
        for (int i = 0; i < batch.size(); i++) {
            Sample s = batch.get(i);
            boolean[] mask = Perturbation.mask(s);
            int changed = 0;
            for (int k = 0; k < adv.get(i).length; k++) {
                if (adv.get(i)[k] != s.input()[k]) {
                    assertThat(mask[k]).isTrue();
                    changed++;
                }
            }
            assertThat(changed).isLessThanOrEqualTo(4 * 4 * 3);
            before += vanishing.loss(s, s.input());
            after += vanishing.loss(s, adv.get(i));
        }
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void opWithoutGradientIsNamedAndTheBlackBoxAttackSuggested() {
        try (LoadedModel m = TinyDetector.build(7, true)) {
            assertThatThrownBy(() -> new DetectorEstimator(m, Objective.VANISHING, null, 0.5))
                    .isInstanceOf(SecMlOpsException.class)
                    .hasMessageContaining("op Round")
                    .hasMessageContaining("no registered gradient")
                    .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("--attacks square"));
        }
    }

    /** Rounds to 4 levels (bit depth 2): not differentiable, deterministic. */
    static final class Quantise implements Defence {
        public String name() {
            return "test-quantise";
        }

        public boolean randomized() {
            return false;
        }

        public float[] apply(float[] hwc, int w, int h, RandomGenerator rng) {
            float[] y = new float[hwc.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.round(hwc[i] / 85f) * 85f;
            }
            return y;
        }
    }

    /** Adds uniform noise of ±20: randomized. */
    static final class Jitter implements Defence {
        public String name() {
            return "test-jitter";
        }

        public boolean randomized() {
            return true;
        }

        public float[] apply(float[] hwc, int w, int h, RandomGenerator rng) {
            float[] y = new float[hwc.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = Perturbation.clip(hwc[i] + (rng.nextDouble() * 40 - 20));
            }
            return y;
        }
    }

    @Test
    void bpdaTakesTheModelGradientAtTheDefendedInput() throws SecMlOpsException {
        Sample s = sample(40, false);
        Quantise q = new Quantise();
        DefendedEstimator d = new DefendedEstimator(vanishing, q, 4, 1);
        assertThat(d.method()).isEqualTo("bpda");
        float[] expected = vanishing.lossGradient(s, q.apply(s.input(), S, S, null)).gradient();
        assertThat(d.lossGradient(s, s.input()).gradient()).containsExactly(expected);
    }

    @Test
    void eotAveragesGradientsOverDraws() throws SecMlOpsException {
        Sample s = sample(41, false);
        DefendedEstimator one = new DefendedEstimator(vanishing, new Jitter(), 1, 9);
        DefendedEstimator eight = new DefendedEstimator(vanishing, new Jitter(), 8, 9);
        assertThat(eight.method()).isEqualTo("bpda+eot(8)");
        // the averaged gradient is closer to the true expectation (estimated with many draws) than a single draw is
        DefendedEstimator many = new DefendedEstimator(vanishing, new Jitter(), 64, 77);
        float[] truth = many.lossGradient(s, s.input()).gradient();
        float[] g1 = one.lossGradient(s, s.input()).gradient();
        float[] g8 = eight.lossGradient(s, s.input()).gradient();
        assertThat(dist(g8, truth)).isLessThan(dist(g1, truth));
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
