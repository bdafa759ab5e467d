package io.secmlops.governance.metrics;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A build's evidence as one OpenMetrics text file: every record's gate verdict, duration, reasons and numeric results
 * as gauges named {@code secmlops_*} with the labels {@code step}, {@code kind}, {@code name} and {@code build}. For a
 * Prometheus textfile collector or a push; names and labels are documented in {@code docs/metrics.md}.
 *
 * <p>Everything is a gauge: the figures describe one build, they do not count up across builds.
 */
public final class OpenMetricsExport {
    public static final String FILE = "secmlops.prom";
    public static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** Numeric results exported per record at most, so that one record cannot flood the file. */
    static final int MAX_RESULTS_PER_RECORD = 200;

    /** One record and the folder it was read from ({@code step} label: unique per step call in a build). */
    public record Loaded(String step, EvidenceRecord record) {
    }

    private OpenMetricsExport() {
    }

    /** Reads every {@code <folder>/evidence.json} directly under {@code evidenceRoot}, in folder order. */
    public static List<Loaded> load(Path evidenceRoot) throws SecMlOpsException {
        if (!Files.isDirectory(evidenceRoot)) {
            throw new SecMlOpsException("The evidence folder '" + evidenceRoot + "' does not exist.",
                    "give the folder the steps wrote their evidence to (work/evidence by default).");
        }
        List<Loaded> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(evidenceRoot)) {
            for (Path dir : s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(d -> d.getFileName().toString())).toList()) {
                Path file = dir.resolve(Evidence.RECORD_FILE);
                if (Files.isRegularFile(file)) {
                    out.add(new Loaded(dir.getFileName().toString(), Evidence.read(Files.readAllBytes(file), file.toString())));
                }
            }
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the evidence folder '" + evidenceRoot + "': " + e.getMessage() + ".",
                    "check its permissions.", e);
        }
        return out;
    }

    /** Writes the metrics of the records under {@code evidenceRoot} to {@code out}, all at once. */
    public static int write(Path evidenceRoot, Path out) throws SecMlOpsException {
        List<Loaded> records = load(evidenceRoot);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(out, render(records).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot write the metrics file '" + out + "': " + e.getMessage() + ".",
                    "check the folder's permissions and free space.", e);
        }
        return records.size();
    }

    /** The OpenMetrics text of these records (one build's, as a rule), ending in {@code # EOF}. */
    public static String render(List<Loaded> records) {
        StringBuilder sb = new StringBuilder();
        family(sb, "secmlops_gate_verdict", "Gate verdict of one step call: 0 PASS, 1 UNSTABLE, 2 FAIL.", null);
        for (Loaded l : records) {
            sample(sb, "secmlops_gate_verdict", labels(l, null), code(l.record().verdict()));
        }
        family(sb, "secmlops_step_duration_seconds", "Wall time of one step call.", "seconds");
        for (Loaded l : records) {
            sample(sb, "secmlops_step_duration_seconds", labels(l, null), l.record().timings().durationMillis() / 1000.0);
        }
        family(sb, "secmlops_step_finished_timestamp_seconds", "When the step call finished (Unix time).", "seconds");
        for (Loaded l : records) {
            Double t = epochSeconds(l.record().timings().finishedAt());
            if (t != null) {
                sample(sb, "secmlops_step_finished_timestamp_seconds", labels(l, null), t);
            }
        }
        family(sb, "secmlops_step_reasons", "Violated thresholds of one step call (0 on PASS).", null);
        for (Loaded l : records) {
            sample(sb, "secmlops_step_reasons", labels(l, null), l.record().reasons() == null ? 0 : l.record().reasons().size());
        }
        family(sb, "secmlops_result", "A numeric result of one step call; key is its path in the record's results "
                + "(booleans as 0 or 1).", null);
        for (Loaded l : records) {
            List<Object[]> figures = new ArrayList<>();
            flatten("", l.record().results(), 0, figures);
            figures.stream().limit(MAX_RESULTS_PER_RECORD)
                    .forEach(f -> sample(sb, "secmlops_result", labels(l, (String) f[0]), (Double) f[1]));
        }
        Map<String, List<Loaded>> byBuild = new java.util.TreeMap<>();
        records.forEach(l -> byBuild.computeIfAbsent(build(l.record()), b -> new ArrayList<>()).add(l));
        family(sb, "secmlops_build_verdict", "Worst gate verdict of the build's step calls: 0 PASS, 1 UNSTABLE, 2 FAIL.", null);
        byBuild.forEach((b, ls) -> sample(sb, "secmlops_build_verdict", "{build=\"" + escape(b) + "\"}",
                code(ls.stream().map(l -> l.record().verdict()).reduce(Verdict.PASS, Verdict::worst))));
        family(sb, "secmlops_build_records", "Evidence records of the build.", null);
        byBuild.forEach((b, ls) -> sample(sb, "secmlops_build_records", "{build=\"" + escape(b) + "\"}", ls.size()));
        sb.append("# EOF\n");
        return sb.toString();
    }

    static int code(Verdict v) {
        return switch (v) {
            case PASS -> 0;
            case UNSTABLE -> 1;
            case FAIL -> 2;
        };
    }

    /** The build label: the Jenkins build number, else 'cli'. */
    static String build(EvidenceRecord r) {
        Map<String, String> env = r.environment();
        String n = env == null ? null : env.get("buildNumber");
        return n != null ? n : "cli";
    }

    private static void family(StringBuilder sb, String name, String help, String unit) {
        sb.append("# TYPE ").append(name).append(" gauge\n");
        if (unit != null) {
            sb.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
        }
        sb.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }

    private static String labels(Loaded l, String key) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("step=\"").append(escape(l.step())).append("\",kind=\"").append(escape(l.record().kind()))
                .append("\",name=\"").append(escape(l.record().name() == null ? "" : l.record().name()))
                .append("\",build=\"").append(escape(build(l.record()))).append('"');
        if (key != null) {
            sb.append(",key=\"").append(escape(key)).append('"');
        }
        return sb.append('}').toString();
    }

    private static void sample(StringBuilder sb, String name, String labels, double value) {
        sb.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** OpenMetrics label value escaping: backslash, double quote and line feed. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, int depth, List<Object[]> out) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && !prefix.isEmpty()) {
                out.add(new Object[] {prefix, d});
            }
        } else if (value instanceof Boolean b && !prefix.isEmpty()) {
            out.add(new Object[] {prefix, b ? 1.0 : 0.0});
        } else if (value instanceof Map<?, ?> m && depth < 3) {
            for (Map.Entry<?, ?> e : ((Map<Object, Object>) m).entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), depth + 1, out);
            }
        }
    }

    private static Double epochSeconds(String iso) {
        try {
            Instant t = Instant.parse(iso);
            return t.getEpochSecond() + t.getNano() / 1e9;
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** For messages: the number of samples in a rendered file. */
    public static long samples(String text) {
        return text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
