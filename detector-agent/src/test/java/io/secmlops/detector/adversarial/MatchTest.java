package io.secmlops.detector.adversarial;

import io.secmlops.detector.adversarial.metrics.ImageMatcher;
import io.secmlops.engine.adversarial.Match;
import io.secmlops.detector.eval.CocoEvaluator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MatchTest {

    @Test
    void ap50FromMatchDataEqualsTheCocoEvaluatorAndShardsMergeExactly() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            List<Long> ids = new ArrayList<>();
            List<CocoEvaluator.Truth> truths = new ArrayList<>();
            List<CocoEvaluator.Detection> dets = new ArrayList<>();
            List<Match> perImage = new ArrayList<>();
            for (long id = 1; id <= 6; id++) {
                ids.add(id);
                List<CocoEvaluator.Truth> t = new ArrayList<>();
                List<CocoEvaluator.Detection> d = new ArrayList<>();
                for (int k = r.nextInt(5); k > 0; k--) {
                    double[] b = {r.nextInt(80), r.nextInt(80), 10 + r.nextInt(20), 20 + r.nextInt(30)};
                    t.add(new CocoEvaluator.Truth(id, b, r.nextInt(8) == 0));
                    if (r.nextBoolean()) {
                        d.add(new CocoEvaluator.Detection(id, new double[] {b[0] + r.nextInt(6) - 3, b[1] + r.nextInt(6) - 3, b[2], b[3]},
                                Math.round(r.nextDouble() * 10) / 10.0)); // coarse scores: ties across images
                    }
                }
                for (int k = r.nextInt(3); k > 0; k--) {
                    d.add(new CocoEvaluator.Detection(id, new double[] {r.nextInt(80), r.nextInt(80), 15, 30}, Math.round(r.nextDouble() * 10) / 10.0));
                }
                truths.addAll(t);
                dets.addAll(d);
                perImage.add(ImageMatcher.match(t, d));
            }
            CocoEvaluator.Result ref = CocoEvaluator.evaluate(ids, truths, dets, 0.5);
            Match all = perImage.stream().reduce(Match.empty(), Match::plus);
            if (ref.ap50() == null || ref.ap50() < 0) {
                assertThat(all.ap50()).isNull();
                continue;
            }
            assertThat(all.ap50()).as("seed %d", seed).isCloseTo(ref.ap50(), org.assertj.core.data.Offset.offset(1e-12));
            // two shards of contiguous images, merged in shard order, give the same match data and AP50
            Match shard1 = perImage.subList(0, 3).stream().reduce(Match.empty(), Match::plus);
            Match shard2 = perImage.subList(3, 6).stream().reduce(Match.empty(), Match::plus);
            Match merged = shard1.plus(shard2);
            assertThat(merged).isEqualTo(all);
            assertThat(merged.ap50()).isEqualTo(all.ap50());
        }
    }
}
