package io.secmlops.detector.adversarial.metrics;

import io.secmlops.detector.eval.CocoEvaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detections matched to reference boxes at IoU 0.5, as pycocotools matches them (greedy in score order, at most 100
 * detections per image, crowd boxes as ignore regions whose matches count neither way), kept as raw outcomes:
 * {@code npos} reference boxes, and per counted detection its score and whether it was a true positive. AP50 is
 * computed from these, so shards merge exactly: concatenate in shard order (shards are contiguous blocks of the
 * image list), never average per-shard AP.
 */
public record Match(int npos, List<Double> scores, List<Integer> tp) {

    public static final double IOU = 0.5;

    public static Match empty() {
        return new Match(0, List.of(), List.of());
    }

    /** One image: reference boxes and detections as [x, y, w, h] in the same pixels. */
    public static Match image(List<CocoEvaluator.Truth> truths, List<CocoEvaluator.Detection> detections) {
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

    public Match plus(Match other) {
        List<Double> s = new ArrayList<>(scores);
        s.addAll(other.scores);
        List<Integer> t = new ArrayList<>(tp);
        t.addAll(other.tp);
        return new Match(npos + other.npos, s, t);
    }

    /** AP at IoU 0.5 with 101 recall points, as COCOeval; null without reference boxes. */
    public Double ap50() {
        if (npos == 0) {
            return null;
        }
        Integer[] order = new Integer[scores.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed()); // stable, as numpy mergesort
        int n = order.length;
        double[] rc = new double[n];
        double[] pr = new double[n];
        double tps = 0;
        double fps = 0;
        for (int k = 0; k < n; k++) {
            if (tp.get(order[k]) == 1) {
                tps++;
            } else {
                fps++;
            }
            rc[k] = tps / npos;
            pr[k] = tps / (tps + fps + Math.ulp(1.0));
        }
        for (int k = n - 1; k > 0; k--) {
            pr[k - 1] = Math.max(pr[k - 1], pr[k]);
        }
        double sum = 0;
        for (double r : CocoEvaluator.RECALL_THRESHOLDS) {
            int lo = 0;
            int hi = n;
            while (lo < hi) { // first index with rc >= r (numpy searchsorted, side left)
                int mid = (lo + hi) >>> 1;
                if (rc[mid] < r) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            sum += lo < n ? pr[lo] : 0;
        }
        return sum / CocoEvaluator.RECALL_THRESHOLDS.length;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("npos", npos);
        m.put("scores", scores);
        m.put("tp", tp);
        return m;
    }
}
