package io.secmlops.governance.pii;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many cells of each column of each file hold each kind of personal data. Holds counts and labels only: a value
 * never enters this class, so nothing built from it can show one.
 */
public final class PiiCounts {
    /** One line of the result: in {@code file}, column {@code column}, {@code cells} cells hold {@code pattern}. */
    public record Finding(String file, String column, String pattern, long cells) {
    }

    private final Map<String, Map<String, Map<PiiPattern, Long>>> byFile = new TreeMap<>();
    private final Map<String, Long> cellsByFile = new TreeMap<>();

    void cell(String file, String column, Set<PiiPattern> found) {
        cellsByFile.merge(file, 1L, Long::sum);
        if (found.isEmpty()) {
            return;
        }
        Map<PiiPattern, Long> counts = byFile.computeIfAbsent(file, f -> new TreeMap<>())
                .computeIfAbsent(column, c -> new EnumMap<>(PiiPattern.class));
        for (PiiPattern p : found) {
            counts.merge(p, 1L, Long::sum);
        }
    }

    void file(String file) {
        cellsByFile.putIfAbsent(file, 0L);
    }

    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        byFile.forEach((file, columns) -> columns.forEach((column, counts) ->
                counts.forEach((p, n) -> out.add(new Finding(file, column, p.label(), n)))));
        return out;
    }

    /** Cells per pattern over all files, every pattern listed (zero when absent). */
    public Map<String, Long> totals() {
        Map<String, Long> t = new java.util.LinkedHashMap<>();
        for (PiiPattern p : PiiPattern.values()) {
            t.put(p.label(), 0L);
        }
        findings().forEach(f -> t.merge(f.pattern(), f.cells(), Long::sum));
        return t;
    }

    public long total() {
        return findings().stream().mapToLong(Finding::cells).sum();
    }

    public Map<String, Long> cellsByFile() {
        return Map.copyOf(cellsByFile);
    }

    public long cellsScanned() {
        return cellsByFile.values().stream().mapToLong(Long::longValue).sum();
    }

    public int files() {
        return cellsByFile.size();
    }
}
