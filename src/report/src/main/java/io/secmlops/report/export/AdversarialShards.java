package io.secmlops.report.export;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AttackResult;
import io.secmlops.engine.adversarial.RobustnessGate;
import io.secmlops.engine.adversarial.ShardMerge;
import io.secmlops.engine.gate.OnFailure;
import io.secmlops.report.CheckedRecord;
import io.secmlops.report.EvidenceSet;
import io.secmlops.report.Kinds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shards of one sharded {@code adversarialTest} run (records {@code NAME-shard-IofN}), merged with the engine's
 * exact merge: AP50 from the union of the shards' match data in their attack.json (beside each record, digest-checked
 * by the loader), never averaged. The merged view says how many shards contributed and which are missing, and
 * applies the shards' own thresholds to the merged figures.
 */
public final class AdversarialShards {
    private AdversarialShards() {
    }

    /**
     * One sharded run.
     *
     * @param group   the name before {@code -shard-IofN}
     * @param records its shard records, in evidence order
     * @param merged  the merge, or null when it could not be made ({@code problem} says why)
     * @param gate    the shards' thresholds applied to the merged figures, or null
     */
    public record Study(String group, List<CheckedRecord> records, ShardMerge.Merged merged, RobustnessGate.Outcome gate, String problem) {
        /** {@code 3 of 4 shards (missing: [2])}, or how many records were found when the merge failed. */
        public String coverage() {
            return merged != null ? merged.coverage() : records.size() + " shard record" + (records.size() == 1 ? "" : "s");
        }
    }

    /** Every sharded adversarialTest run in the evidence set, merged. */
    public static List<Study> of(EvidenceSet set) {
        Map<String, List<CheckedRecord>> groups = new LinkedHashMap<>();
        for (CheckedRecord r : set.ofKind(Kinds.ADVERSARIAL_TEST)) {
            if (r.shardGroup() != null) {
                groups.computeIfAbsent(r.shardGroup(), g -> new ArrayList<>()).add(r);
            }
        }
        List<Study> out = new ArrayList<>();
        groups.forEach((group, records) -> out.add(merge(group, records)));
        return out;
    }

    private static Study merge(String group, List<CheckedRecord> records) {
        List<AttackResult> shards = new ArrayList<>();
        try {
            for (CheckedRecord r : records) {
                Path file = r.file().resolveSibling(AttackResult.FILE);
                if (!Files.isRegularFile(file)) {
                    return new Study(group, records, null, null, r.path() + " has no " + AttackResult.FILE
                            + " beside it, so its match data are unknown and the shards cannot be merged exactly");
                }
                shards.add(AttackResult.parse(Files.readAllBytes(file), r.path().replace(io.secmlops.engine.evidence.Evidence.RECORD_FILE,
                        AttackResult.FILE)));
            }
            ShardMerge.Merged merged = ShardMerge.merge(shards);
            return new Study(group, records, merged, thresholds(records.get(0)).evaluate(merged.cleanAp50(), merged.rows()), null);
        } catch (SecMlOpsException e) {
            return new Study(group, records, null, null, e.getMessage());
        } catch (IOException e) {
            return new Study(group, records, null, null, "cannot read a shard's " + AttackResult.FILE + ": " + e.getMessage());
        }
    }

    /** The thresholds the shards ran with (their parameters); all shards of a run are given the same. */
    private static RobustnessGate thresholds(CheckedRecord r) {
        Map<String, Object> p = r.record().parameters() == null ? Map.of() : r.record().parameters();
        OnFailure onFailure;
        try {
            onFailure = OnFailure.parse(p.get("onFailure") instanceof String s ? s : null, "onFailure");
        } catch (SecMlOpsException e) {
            onFailure = OnFailure.FAIL;
        }
        return new RobustnessGate(number(p.get("minRobustAP50")), number(p.get("maxDrop")), onFailure);
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    /** One line: coverage, merged clean and worst honest robust AP50, and the merged verdict. */
    public static String headline(Study s) {
        if (s.merged() == null) {
            return "not merged (" + s.coverage() + "): " + s.problem();
        }
        Map<String, Object> f = s.gate().figures();
        StringBuilder b = new StringBuilder("merged from ").append(s.coverage()).append(", ").append(s.merged().images()).append(" images: clean AP50 ")
                .append(Values.format(s.merged().cleanAp50()));
        if (f.get("worstRobustAp50") != null) {
            b.append("; worst honest robust AP50 ").append(Values.format(f.get("worstRobustAp50"))).append(" (").append(f.get("worstAttack"))
                    .append("); drop ").append(Values.format(f.get("drop")));
        }
        b.append("; against the shards' thresholds: ").append(s.gate().gate().verdict().name());
        if (!s.merged().complete()) {
            b.append(" (partial: ").append(s.merged().missing().size()).append(" shard").append(s.merged().missing().size() == 1 ? "" : "s")
                    .append(" missing)");
        }
        return b.toString();
    }

    /** The merged rows for a table: attack, ε, defence, adaptive, honest, AP50 from the union. */
    public static List<Map<String, Object>> rows(Study s) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (s.merged() == null) {
            return out;
        }
        List<AttackResult.Row> counted = io.secmlops.engine.adversarial.RobustnessGate.counted(s.merged().rows());
        for (AttackResult.Row r : s.merged().rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attack", r.attack());
            m.put("epsilon", r.epsilon());
            m.put("defence", r.defence());
            m.put("adaptive", r.adaptive());
            m.put("honest", counted.contains(r));
            m.put("ap50", r.ap50());
            out.add(m);
        }
        return out;
    }

    /** The study for the JSON report. */
    public static Map<String, Object> json(Study s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.group());
        m.put("records", s.records().stream().map(CheckedRecord::path).toList());
        if (s.merged() == null) {
            m.put("merged", false);
            m.put("problem", s.problem());
            return m;
        }
        m.put("merged", true);
        m.put("shardCount", s.merged().count());
        m.put("shardsPresent", s.merged().present());
        m.put("shardsMissing", s.merged().missing());
        m.put("complete", s.merged().complete());
        m.put("images", s.merged().images());
        m.put("cleanAp50", s.merged().cleanAp50());
        m.put("attacks", rows(s));
        m.put("gate", s.gate().figures());
        m.put("verdict", s.gate().gate().verdict().name());
        m.put("reasons", s.gate().gate().reasons());
        return m;
    }
}
