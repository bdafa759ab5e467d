package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.secmlops.engine.adversarial.AttackJson.match;
import static io.secmlops.engine.adversarial.AttackJson.result;
import static io.secmlops.engine.adversarial.AttackJson.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** AP50 from match data, and the exact merge of shards: the union's AP, never an average. */
class ShardMergeTest {

    /** COCO AP50 written the other way round: interpolated precision = the best precision at any recall >= r. */
    static double referenceAp(Match m) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m.scores().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -m.scores().get(i))); // List.sort is stable
        double[] precision = new double[order.size()];
        double[] recall = new double[order.size()];
        int tps = 0;
        for (int k = 0; k < order.size(); k++) {
            tps += m.tp().get(order.get(k));
            precision[k] = tps / (double) (k + 1);
            recall[k] = tps / (double) m.npos();
        }
        double sum = 0;
        for (int r = 0; r <= 100; r++) {
            double best = 0;
            for (int k = 0; k < order.size(); k++) {
                if (recall[k] >= r / 100.0) {
                    best = Math.max(best, precision[k]);
                }
            }
            sum += best;
        }
        return sum / 101;
    }

    @Test
    void ap50FollowsCocoOnAHandWorkedExample() {
        // TP 0.9, FP 0.8, TP 0.7 of 4 boxes: precision 1 up to recall 0.25 (26 points), 2/3 up to 0.5 (25 points)
        Match m = new Match(4, List.of(0.8, 0.9, 0.7), List.of(0, 1, 1));
        assertThat(m.ap50()).isCloseTo((26 + 25 * 2.0 / 3) / 101, within(1e-12));
        assertThat(Match.empty().ap50()).isNull();
        assertThat(new Match(3, List.of(), List.of()).ap50()).isZero();
    }

    /** One image's match: up to 4 boxes, detections with scores from a coarse grid (so ties happen). */
    private static Match image(Random rnd) {
        int npos = rnd.nextInt(5);
        int dets = rnd.nextInt(6);
        List<Double> scores = new ArrayList<>();
        List<Integer> tp = new ArrayList<>();
        int hits = 0;
        for (int d = 0; d < dets; d++) {
            scores.add((1 + rnd.nextInt(9)) / 10.0);
            boolean hit = hits < npos && rnd.nextBoolean();
            hits += hit ? 1 : 0;
            tp.add(hit ? 1 : 0);
        }
        return new Match(npos, scores, tp);
    }

    private static Match union(List<Match> ms) {
        Match all = Match.empty();
        for (Match m : ms) {
            all = all.plus(m);
        }
        return all;
    }

    @Test
    void theMergeOfAnyContiguousSplitEqualsTheApOfTheUnshardedUnion() throws Exception {
        Random rnd = new Random(20_261_122L);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(40);
            List<Match> clean = new ArrayList<>();
            List<Match> attacked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Match c = image(rnd);
                clean.add(c);
                // the attacked image keeps the same boxes, with fewer and weaker detections
                List<Double> s = new ArrayList<>();
                List<Integer> t = new ArrayList<>();
                for (int d = 0; d < c.scores().size(); d++) {
                    if (rnd.nextInt(3) > 0) {
                        s.add(c.scores().get(d) / 2);
                        t.add(c.tp().get(d));
                    }
                }
                attacked.add(new Match(c.npos(), s, t));
            }
            Match wholeClean = union(clean);
            Match wholeAttacked = union(attacked);
            if (wholeClean.npos() == 0) {
                continue;
            }
            // cut the image list into k contiguous blocks, as the agent's --shard does
            int k = 1 + rnd.nextInt(Math.min(6, n));
            List<Integer> cuts = new ArrayList<>(List.of(0, n));
            while (cuts.size() < k + 1) {
                int c = 1 + rnd.nextInt(n - 1 == 0 ? 1 : n - 1);
                if (!cuts.contains(c) && c < n) {
                    cuts.add(c);
                }
            }
            Collections.sort(cuts);
            List<AttackResult> shards = new ArrayList<>();
            for (int s = 0; s < k; s++) {
                int from = cuts.get(s);
                int to = cuts.get(s + 1);
                List<String> names = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    names.add("frame_" + i + ".jpg");
                }
                Match rowMatch = union(attacked.subList(from, to));
                shards.add(AttackResult.of(result(s + 1, k, names, union(clean.subList(from, to)),
                        List.of(row("pgd-linf", 8.0, "none", false, rowMatch))), "shard-" + (s + 1)));
            }
            Collections.shuffle(shards, rnd); // records are found in any order

            ShardMerge.Merged merged = ShardMerge.merge(shards);

            assertThat(merged.complete()).isTrue();
            assertThat(merged.images()).isEqualTo(n);
            assertThat(merged.cleanAp50()).as("trial %d, %d shards", trial, k).isEqualTo(wholeClean.ap50());
            assertThat(merged.cleanAp50()).isCloseTo(referenceAp(wholeClean), within(1e-9));
            assertThat(merged.rows().get(0).ap50()).isEqualTo(wholeAttacked.ap50());
            assertThat(merged.rows().get(0).fields()).containsEntry("ap50", wholeAttacked.ap50()).doesNotContainKey("retained");
        }
    }

    @Test
    void averagingPerShardApWouldBeWrongTheMergeIsNot() throws Exception {
        // shard 1: one box found at a low score after a confident false positive; shard 2: three boxes, all found
        Match s1 = new Match(1, List.of(0.95, 0.3), List.of(0, 1));
        Match s2 = new Match(3, List.of(0.9, 0.8, 0.7), List.of(1, 1, 1));
        double mean = (s1.ap50() + s2.ap50()) / 2;
        ShardMerge.Merged m = ShardMerge.merge(List.of(
                AttackResult.of(result(1, 2, List.of("a.jpg"), s1, List.of()), "a"),
                AttackResult.of(result(2, 2, List.of("b.jpg"), s2, List.of()), "b")));
        assertThat(m.cleanAp50()).isEqualTo(s1.plus(s2).ap50()).isNotCloseTo(mean, within(0.01));
    }

    @Test
    void aMissingShardIsReportedAndTheRestStillMerge() throws Exception {
        ShardMerge.Merged m = ShardMerge.merge(List.of(
                AttackResult.of(result(1, 3, List.of("a.jpg"), match(4, 3, 1), List.of()), "a"),
                AttackResult.of(result(3, 3, List.of("c.jpg"), match(2, 2, 0), List.of()), "c")));
        assertThat(m.complete()).isFalse();
        assertThat(m.missing()).containsExactly(2);
        assertThat(m.coverage()).isEqualTo("2 of 3 shards (missing: [2])");
        assertThat(m.clean().npos()).isEqualTo(6);
    }

    @Test
    void shardsOfDifferentRunsAreRefused() throws Exception {
        AttackResult a = AttackResult.of(result(1, 2, List.of("a.jpg"), match(4, 3, 1), List.of()), "a");
        AttackResult otherCount = AttackResult.of(result(2, 3, List.of("b.jpg"), match(4, 3, 1), List.of()), "b");
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, otherCount))).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("a is shard 1/2 but b is shard 2/3");
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, a))).hasMessageContaining("shard 1/2 appears twice");
        Map<String, Object> j = result(2, 2, List.of("b.jpg"), match(4, 3, 1), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) j.get("settings");
        settings.put("seed", 8);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, AttackResult.of(j, "b")))).hasMessageContaining("other settings");
        settings.put("seed", 7);
        settings.put("threads", 16); // speed only: still one run
        assertThat(ShardMerge.merge(List.of(a, AttackResult.of(j, "b"))).complete()).isTrue();
    }
}
