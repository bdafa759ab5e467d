package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges the shards of one sharded {@code adversarialTest} run exactly: each row's AP50 is recomputed from the union
 * of the shards' {@code match} data (concatenated in shard order, which is the image order, so even tied scores rank
 * as in an unsharded run), never averaged. Missing shards are reported, not hidden.
 */
public final class ShardMerge {
    private ShardMerge() {
    }

    /**
     * The merged study.
     *
     * @param count   the shard count the shards declare
     * @param present the shard indices that contributed, ascending
     * @param missing the indices of {@code 1..count} that did not
     * @param images  the images covered
     * @param clean   the union of the clean matches
     * @param rows    the merged rows, in the first shard's order; {@code fields} are the first shard's, with the
     *                merged {@code ap50}
     */
    public record Merged(int count, List<Integer> present, List<Integer> missing, int images, Match clean, List<AttackResult.Row> rows) {
        public boolean complete() {
            return missing.isEmpty();
        }

        public Double cleanAp50() {
            return clean.ap50();
        }

        /** {@code 4 of 4 shards} or {@code 3 of 4 shards (missing: 2)}. */
        public String coverage() {
            return present.size() + " of " + count + " shards" + (missing.isEmpty() ? "" : " (missing: " + missing + ")");
        }
    }

    /** Merges shards of one run; they must declare the same shard count and settings and have distinct indices. */
    public static Merged merge(List<AttackResult> shards) throws SecMlOpsException {
        if (shards.isEmpty()) {
            throw new SecMlOpsException("No shard results to merge.", "give the attack.json of every shard of the run.");
        }
        List<AttackResult> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparingInt(s -> s.shard().index()));
        AttackResult first = sorted.get(0);
        int count = first.shard().count();
        TreeSet<Integer> seen = new TreeSet<>();
        for (AttackResult s : sorted) {
            if (s.shard().count() != count) {
                throw notOneRun(first.source() + " is shard " + first.shard() + " but " + s.source() + " is shard " + s.shard());
            }
            if (!seen.add(s.shard().index())) {
                throw notOneRun("shard " + s.shard() + " appears twice (" + s.source() + ")");
            }
            if (!s.runSettings().equals(first.runSettings())) {
                throw notOneRun(s.source() + " was run with other settings than " + first.source() + ": " + s.runSettings() + " vs "
                        + first.runSettings());
            }
            if (s.rows().size() != first.rows().size()) {
                throw notOneRun(s.source() + " has " + s.rows().size() + " attack rows, " + first.source() + " " + first.rows().size());
            }
        }
        Match clean = Match.empty();
        Map<String, Match> byKey = new LinkedHashMap<>();
        Map<String, AttackResult.Row> template = new LinkedHashMap<>();
        int images = 0;
        for (AttackResult s : sorted) {
            clean = clean.plus(s.clean());
            images += s.images().size();
            for (AttackResult.Row r : s.rows()) {
                if (s == first) {
                    template.put(r.key(), r);
                } else if (!template.containsKey(r.key())) {
                    throw notOneRun(s.source() + " has the row " + r.label() + ", which " + first.source() + " lacks");
                }
                byKey.merge(r.key(), r.match(), Match::plus);
            }
        }
        List<AttackResult.Row> rows = new ArrayList<>();
        for (AttackResult.Row t : template.values()) {
            Match m = byKey.get(t.key());
            Map<String, Object> fields = new LinkedHashMap<>(t.fields());
            fields.put("ap50", m.ap50());
            // per-image shares and norms cannot be merged exactly from the contract's fields: leave them out, not averaged
            fields.keySet().retainAll(List.of("attack", "norm", "epsilon", "severity", "defence", "adaptive", "adaptiveMethod", "ap50"));
            rows.add(new AttackResult.Row(t.attack(), t.epsilon(), t.severity(), t.defence(), t.adaptive(), m.ap50(), m, fields));
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!seen.contains(i)) {
                missing.add(i);
            }
        }
        return new Merged(count, List.copyOf(seen), missing, images, clean, rows);
    }

    private static SecMlOpsException notOneRun(String why) {
        return new SecMlOpsException("These results are not shards of one run: " + why + ".",
                "merge only the shards of one adversarialTest run (same name, shard count and settings).");
    }
}
