package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw outcome of matching detections to reference boxes at IoU 0.5 ({@code match} in attack.json): {@code npos}
 * reference boxes and, per counted detection, its score and whether it was a true positive. AP50 is computed from
 * these, so shards merge exactly: {@link #plus} concatenates them in shard order, never averaging per-shard AP.
 *
 * @param npos   reference (non-crowd) boxes
 * @param scores detection scores, in the tool's order (image order, then score)
 * @param tp     1 for a true positive, 0 for a false positive, one per score
 */
public record Match(int npos, List<Double> scores, List<Integer> tp) {
    /** COCOeval's 101 recall points 0, 0.01, ..., 1. */
    private static final double[] RECALL_POINTS = new double[101];

    static {
        for (int i = 0; i < RECALL_POINTS.length; i++) {
            RECALL_POINTS[i] = i / 100.0;
        }
    }

    public Match {
        scores = List.copyOf(scores);
        tp = List.copyOf(tp);
    }

    public static Match empty() {
        return new Match(0, List.of(), List.of());
    }

    /** This match followed by {@code other}: the detections of both image sets, as if they had been one run. */
    public Match plus(Match other) {
        List<Double> s = new ArrayList<>(scores);
        s.addAll(other.scores);
        List<Integer> t = new ArrayList<>(tp);
        t.addAll(other.tp);
        return new Match(npos + other.npos, s, t);
    }

    /**
     * AP at IoU 0.5 as COCOeval computes it (101 recall points, precision made monotone, a stable sort by descending
     * score so that ties keep the tool's order, as numpy's mergesort does); null when there is no reference box.
     */
    public Double ap50() {
        if (npos == 0) {
            return null;
        }
        int n = scores.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed());
        double[] recall = new double[n];
        double[] precision = new double[n];
        double tps = 0;
        double fps = 0;
        for (int k = 0; k < n; k++) {
            if (tp.get(order[k]) == 1) {
                tps++;
            } else {
                fps++;
            }
            recall[k] = tps / npos;
            precision[k] = tps / (tps + fps + Math.ulp(1.0));
        }
        for (int k = n - 1; k > 0; k--) {
            precision[k - 1] = Math.max(precision[k - 1], precision[k]);
        }
        double sum = 0;
        for (double r : RECALL_POINTS) {
            int lo = 0;
            int hi = n;
            while (lo < hi) { // the first index whose recall reaches r
                int mid = (lo + hi) >>> 1;
                if (recall[mid] < r) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            sum += lo < n ? precision[lo] : 0;
        }
        return sum / RECALL_POINTS.length;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("npos", npos);
        m.put("scores", scores);
        m.put("tp", tp);
        return m;
    }

    /** Reads {@code {npos, scores, tp}}; {@code where} names it in messages ("attack.json clean.match"). */
    static Match fromJson(Object value, String where) throws SecMlOpsException {
        if (!(value instanceof Map<?, ?> m)) {
            throw AttackResult.malformed(where + " is missing or not an object {npos, scores, tp}");
        }
        if (!(m.get("npos") instanceof Number npos) || npos.doubleValue() != Math.rint(npos.doubleValue()) || npos.intValue() < 0) {
            throw AttackResult.malformed(where + ".npos is not a count of reference boxes");
        }
        if (!(m.get("scores") instanceof List<?> s) || !(m.get("tp") instanceof List<?> t) || s.size() != t.size()) {
            throw AttackResult.malformed(where + ".scores and .tp are not two lists of the same length");
        }
        List<Double> scores = new ArrayList<>(s.size());
        List<Integer> tp = new ArrayList<>(t.size());
        int positives = 0;
        for (int i = 0; i < s.size(); i++) {
            if (!(s.get(i) instanceof Number score) || !Double.isFinite(score.doubleValue())) {
                throw AttackResult.malformed(where + ".scores[" + i + "] is not a finite number");
            }
            Object flag = t.get(i);
            if (!(flag instanceof Number f) || f.doubleValue() != 0 && f.doubleValue() != 1) {
                throw AttackResult.malformed(where + ".tp[" + i + "] is not 0 or 1");
            }
            scores.add(score.doubleValue());
            tp.add(f.intValue());
            positives += f.intValue();
        }
        if (positives > npos.intValue()) {
            throw AttackResult.malformed(where + " has " + positives + " true positives but only " + npos.intValue() + " reference boxes");
        }
        return new Match(npos.intValue(), scores, tp);
    }
}
