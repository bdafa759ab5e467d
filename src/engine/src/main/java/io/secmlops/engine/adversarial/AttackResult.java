package io.secmlops.engine.adversarial;

import com.fasterxml.jackson.core.type.TypeReference;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code detector-agent attack} result ({@code attack.json}, docs/adversarial.md), read and checked: the shard it
 * covers, the clean match and one {@link Row} per (attack, ε, defence, adaptive). AP50 is recomputed from each
 * {@code match} (and must agree with the tool's {@code ap50}), so the gate and the shard merge use one number.
 */
public final class AttackResult {
    public static final String SCHEMA = "secmlops.detector-agent/v1";
    public static final String FILE = "attack.json";
    /** The tool rounds AP50 to 4 decimals; anything further apart means the match data are not what was measured. */
    private static final double AP_TOLERANCE = 1e-3;

    private final String source;
    private final Map<String, Object> json;
    private final ShardSpec shard;
    private final List<String> images;
    private final Match clean;
    private final List<Row> rows;

    /**
     * One attack row.
     *
     * @param epsilon  the budget in 1/255 units; null for attacks without one (corruptions have a severity)
     * @param defence  {@code none} or the defence's name
     * @param adaptive whether the attack was adapted to the defence (BPDA, EOT)
     * @param ap50     recomputed from {@code match}; null without reference boxes
     * @param fields   the row as the tool wrote it, without {@code match}
     */
    public record Row(String attack, Double epsilon, Object severity, String defence, boolean adaptive, Double ap50, Match match,
                      Map<String, Object> fields) {
        /**
         * Whether the row tells the truth about robustness: no defence, or a defence facing an attack adapted to it. A
         * defence measured only against the plain attack overstates robustness (gradient masking), so such rows are
         * shown but never gated on.
         */
        public boolean honest() {
            return "none".equals(defence) || adaptive;
        }

        /** What identifies the row across shards. */
        public String key() {
            return attack + "\u0000" + epsilon + "\u0000" + severity + "\u0000" + defence + "\u0000" + adaptive;
        }

        /** {@code pgd-linf ε=8/255, defence jpeg (adaptive)} for messages. */
        public String label() {
            StringBuilder s = new StringBuilder(attack);
            if (epsilon != null) {
                s.append(" ε=").append(AdversarialRequest.format(epsilon)).append("/255");
            } else if (severity != null) {
                s.append(" severity ").append(severity);
            }
            if (!"none".equals(defence)) {
                s.append(", defence ").append(defence).append(adaptive ? " (adaptive attack)" : " (plain attack)");
            }
            return s.toString();
        }
    }

    private AttackResult(String source, Map<String, Object> json, ShardSpec shard, List<String> images, Match clean, List<Row> rows) {
        this.source = source;
        this.json = json;
        this.shard = shard;
        this.images = List.copyOf(images);
        this.clean = clean;
        this.rows = List.copyOf(rows);
    }

    static SecMlOpsException malformed(String what) {
        return new SecMlOpsException("The detector agent's result does not follow the attack.json contract: " + what + ".",
                "use a detector agent of this suite's version (docs/adversarial.md describes the format).");
    }

    /** The JSON object of a detector agent result, or why it is not one; {@code source} names it in messages. */
    static Map<String, Object> readObject(byte[] bytes, String source) throws SecMlOpsException {
        try {
            Map<String, Object> m = Json.mapper().readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (m == null) {
                throw new IOException("null");
            }
            return m;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new SecMlOpsException("The detector agent's result " + source + " is not a JSON object: " + msg + ".",
                    "see the detector agent's output above; it may have been stopped while writing.", e);
        }
    }

    /** Reads and checks a successful result ({@code status: ok}). */
    public static AttackResult parse(byte[] bytes, String source) throws SecMlOpsException {
        return of(readObject(bytes, source), source);
    }

    static AttackResult of(Map<String, Object> json, String source) throws SecMlOpsException {
        if (!SCHEMA.equals(json.get("schema")) || !"attack".equals(json.get("command"))) {
            throw malformed(source + " has schema '" + json.get("schema") + "' and command '" + json.get("command") + "', expected '"
                    + SCHEMA + "' and 'attack'");
        }
        if (!"ok".equals(json.get("status"))) {
            throw malformed(source + " has status '" + json.get("status") + "', expected 'ok'");
        }
        Map<String, Object> shardJson = map(json.get("shard"));
        if (!(shardJson.get("index") instanceof Number i) || !(shardJson.get("count") instanceof Number n)
                || !(shardJson.get("images") instanceof List<?> names)) {
            throw malformed(source + " lacks shard {index, count, images}");
        }
        ShardSpec shard;
        try {
            shard = new ShardSpec(i.intValue(), n.intValue());
        } catch (IllegalArgumentException e) {
            throw malformed(source + " names shard " + i + "/" + n);
        }
        List<String> images = new ArrayList<>();
        names.forEach(x -> images.add(String.valueOf(x)));
        Map<String, Object> cleanJson = map(json.get("clean"));
        Match clean = Match.fromJson(cleanJson.get("match"), "clean.match");
        checkAp(cleanJson.get("ap50"), clean, "clean.ap50");
        List<Row> rows = new ArrayList<>();
        List<?> attacks = json.get("attacks") instanceof List<?> l ? l : null;
        if (attacks == null) {
            throw malformed(source + " lacks the list 'attacks'");
        }
        for (int k = 0; k < attacks.size(); k++) {
            rows.add(row(map(attacks.get(k)), "attacks[" + k + "]"));
        }
        return new AttackResult(source, json, shard, images, clean, rows);
    }

    private static Row row(Map<String, Object> r, String where) throws SecMlOpsException {
        if (!(r.get("attack") instanceof String attack) || attack.isBlank()) {
            throw malformed(where + ".attack is not a name");
        }
        Object eps = r.get("epsilon");
        if (eps != null && !(eps instanceof Number)) {
            throw malformed(where + ".epsilon is not a number");
        }
        Object defence = r.get("defence") == null ? "none" : r.get("defence");
        if (!(defence instanceof String d) || d.isBlank()) {
            throw malformed(where + ".defence is not 'none' or a name");
        }
        Object adaptive = r.get("adaptive") == null ? Boolean.FALSE : r.get("adaptive");
        if (!(adaptive instanceof Boolean a)) {
            throw malformed(where + ".adaptive is not true or false");
        }
        Match match = Match.fromJson(r.get("match"), where + ".match");
        checkAp(r.get("ap50"), match, where + ".ap50");
        Map<String, Object> fields = new LinkedHashMap<>(r);
        fields.remove("match");
        return new Row(attack, eps == null ? null : ((Number) eps).doubleValue(), r.get("severity"), d, a, match.ap50(), match, fields);
    }

    private static void checkAp(Object reported, Match match, String where) throws SecMlOpsException {
        Double exact = match.ap50();
        if (reported == null && exact == null) {
            return;
        }
        if (!(reported instanceof Number n) || exact == null || Math.abs(n.doubleValue() - exact) > AP_TOLERANCE) {
            throw malformed(String.format(Locale.ROOT, "%s is %s but its match data give %s", where, reported,
                    exact == null ? "none (no reference boxes)" : String.format(Locale.ROOT, "%.4f", exact)));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public String source() {
        return source;
    }

    /** The whole result as read (for fields this class does not interpret: labels, settings, tradeoffs, timings). */
    public Map<String, Object> json() {
        return json;
    }

    public ShardSpec shard() {
        return shard;
    }

    /** The images this shard covered, as the tool names them. */
    public List<String> images() {
        return images;
    }

    public Match clean() {
        return clean;
    }

    public Double cleanAp50() {
        return clean.ap50();
    }

    public List<Row> rows() {
        return rows;
    }

    /** The settings that must agree for results to be shards of one run: everything but the shard itself. */
    Map<String, Object> runSettings() {
        Map<String, Object> s = new LinkedHashMap<>(map(json.get("settings")));
        s.remove("threads"); // threads change speed, not numbers (the tool fixes TF's reduction order per run)
        return s;
    }

    /** The {@code images} block: relative paths of plots and tables beside attack.json (null entries skipped). */
    Map<String, String> renderedFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        map(json.get("images")).forEach((k, v) -> {
            if (v instanceof String s && !s.isBlank()) {
                out.put(k, s);
            }
        });
        return out;
    }
}
