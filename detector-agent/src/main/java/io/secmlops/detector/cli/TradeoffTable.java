package io.secmlops.detector.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The trade-off rows of attack.json as a Markdown table (one row per security measure). */
final class TradeoffTable {
    private TradeoffTable() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(List<Map<String, Object>> rows) {
        List<String> eps = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            for (String e : ((Map<String, Object>) r.get("robustAp50")).keySet()) {
                if (!eps.contains(e)) {
                    eps.add(e);
                }
            }
        }
        StringBuilder sb = new StringBuilder("| measure | p50 ms | p95 ms | images/s | peak MB | clean AP50 |");
        eps.forEach(e -> sb.append(" AP50 eps ").append(e).append(" |"));
        sb.append("\n|---|---:|---:|---:|---:|---:|");
        eps.forEach(e -> sb.append("---:|"));
        sb.append('\n');
        for (Map<String, Object> r : rows) {
            sb.append("| ").append(r.get("measure")).append(" | ").append(v(r.get("latencyP50Ms"))).append(" | ").append(v(r.get("latencyP95Ms")))
                    .append(" | ").append(v(r.get("imagesPerSecond"))).append(" | ").append(v(r.get("peakMemoryMb"))).append(" | ")
                    .append(v(r.get("cleanAp50"))).append(" |");
            Map<String, Object> rob = (Map<String, Object>) r.get("robustAp50");
            eps.forEach(e -> sb.append(' ').append(v(rob.get(e))).append(" |"));
            sb.append('\n');
        }
        sb.append("\nRobust AP50 is under the attack named in each row's `attack` field of attack.json.\n");
        return sb.toString();
    }

    private static String v(Object o) {
        return o == null ? "n/a" : o.toString();
    }
}
