package io.secmlops.detector.adversarial.metrics;

import io.secmlops.detector.eval.CocoEvaluator;
import io.secmlops.engine.adversarial.Match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches one image's detections to its reference boxes at IoU 0.5, as pycocotools does (greedy in score order, at
 * most 100 detections per image, crowd boxes as ignore regions whose matches count neither way). The outcome is the
 * engine's {@link Match} (npos, scores, tp), from which AP50 is computed, so shards merge exactly wherever the
 * evidence is read.
 */
public final class ImageMatcher {

    public static final double IOU = 0.5;

    private ImageMatcher() {
    }

    /** One image: reference boxes and detections as [x, y, w, h] in the same pixels. */
    public static Match match(List<CocoEvaluator.Truth> truths, List<CocoEvaluator.Detection> detections) {
        List<CocoEvaluator.Truth> g = new ArrayList<>(truths);
        g.sort(Comparator.comparing(t -> t.crowd() ? 1 : 0));
        List<CocoEvaluator.Detection> d = new ArrayList<>(detections);
        d.sort(Comparator.comparingDouble(CocoEvaluator.Detection::score).reversed());
        if (d.size() > CocoEvaluator.MAX_DETS) {
            d = d.subList(0, CocoEvaluator.MAX_DETS);
        }
        boolean[] taken = new boolean[g.size()];
        List<Double> scores = new ArrayList<>();
        List<Integer> tp = new ArrayList<>();
        for (CocoEvaluator.Detection det : d) {
            double best = IOU;
            int m = -1;
            for (int j = 0; j < g.size(); j++) {
                boolean crowd = g.get(j).crowd();
                if (taken[j] && !crowd) {
                    continue;
                }
                if (m > -1 && !g.get(m).crowd() && crowd) {
                    break;
                }
                double iou = CocoEvaluator.iou(det.bbox(), g.get(j).bbox(), crowd);
                if (iou < best) {
                    continue;
                }
                best = iou;
                m = j;
            }
            if (m > -1 && g.get(m).crowd()) {
                continue; // inside an ignore region: neither true nor false positive
            }
            if (m > -1) {
                taken[m] = true;
            }
            scores.add(det.score());
            tp.add(m > -1 ? 1 : 0);
        }
        int npos = (int) g.stream().filter(t -> !t.crowd()).count();
        return new Match(npos, scores, tp);
    }
}
