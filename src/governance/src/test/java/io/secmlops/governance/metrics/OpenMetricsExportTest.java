package io.secmlops.governance.metrics;

import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics file read back by an independent Prometheus text-format parser: every sample, label and value. */
class OpenMetricsExportTest {
    @TempDir
    Path tmp;

    private void record(String kind, String name, Verdict verdict, Map<String, Object> results) throws Exception {
        Evidence e = Evidence.begin(kind, name, RunEnvironment.jenkins("ml/train", "7", "https://ci/job/7/", "gpu-1"));
        e.subject(Subject.sha256(name, "ab".repeat(32)));
        results.forEach(e::result);
        Gate g = new Gate();
        if (verdict != Verdict.PASS) {
            g.violate(verdict, "threshold violated");
            g.violate(verdict, "second reason");
        }
        e.commit(tmp.resolve("evidence"), g, "");
    }

    private static Map<String, Double> parse(String text) throws Exception {
        Map<String, Double> samples = new HashMap<>();
        TextPrometheusMetricDataParser parser =
                new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        MetricFamily family;
        while ((family = parser.parse()) != null) {
            assertThat(family.getName()).startsWith("secmlops_");
            assertThat(family.getType()).isEqualTo(MetricType.GAUGE);
            assertThat(family.getHelp()).isNotBlank();
            for (Metric m : family.getMetrics()) {
                Double before = samples.put(family.getName() + new java.util.TreeMap<>(m.getLabels()), ((Gauge) m).getValue());
                assertThat(before).as("duplicate series").isNull();
            }
        }
        return samples;
    }

    @Test
    void everyRecordsKeyFiguresParseBackWithTheirLabels() throws Exception {
        Map<String, Object> drift = new HashMap<>();
        drift.put("driftedShare", 0.75);
        drift.put("columns", Map.of("brightness", Map.of("pValue", 0.0001, "drifted", true)));
        drift.put("note", "text is not a figure");
        drift.put("list", List.of(1, 2));
        record("driftGate", "frames", Verdict.FAIL, drift);
        record("piiScan", "cust \"EU\" \\ set", Verdict.UNSTABLE, Map.of("cellsWithPii", 44, "byPattern", Map.of("email", 8)));
        record("modelSign", "pds", Verdict.PASS, Map.of("fileCount", 12));

        Path out = tmp.resolve("metrics/secmlops.prom");
        assertThat(OpenMetricsExport.write(tmp.resolve("evidence"), out)).isEqualTo(3);
        String text = Files.readString(out);
        assertThat(text).endsWith("# EOF\n");
        // every sample line has the OpenMetrics shape: a secmlops_ name, labels, a number
        Pattern line = Pattern.compile("secmlops_[a-z_]+\\{[^\\n]*\\} -?[0-9.E-]+");
        List<String> sampleLines = new ArrayList<>(text.lines().filter(l -> !l.startsWith("#")).toList());
        sampleLines.forEach(l -> assertThat(l).matches(line));

        Map<String, Double> s = parse(text);
        assertThat(s).hasSize(sampleLines.size()); // the parser skips lines it cannot read: none was skipped
        String drifts = "{build=7, kind=driftGate, name=frames, step=driftGate-frames";
        String driftResult = "secmlops_result{build=7, key=%s, kind=driftGate, name=frames, step=driftGate-frames}";
        assertThat(s).containsEntry("secmlops_gate_verdict" + drifts + "}", 2.0)
                .containsEntry("secmlops_step_reasons" + drifts + "}", 2.0)
                .containsEntry(driftResult.formatted("driftedShare"), 0.75)
                .containsEntry(driftResult.formatted("columns.brightness.pValue"), 0.0001)
                .containsEntry(driftResult.formatted("columns.brightness.drifted"), 1.0)
                .containsEntry("secmlops_gate_verdict{build=7, kind=piiScan, name=cust \"EU\" \\ set, step=piiScan-cust__EU____set}", 1.0)
                .containsEntry("secmlops_result{build=7, key=byPattern.email, kind=piiScan, name=cust \"EU\" \\ set, "
                        + "step=piiScan-cust__EU____set}", 8.0)
                .containsEntry("secmlops_gate_verdict{build=7, kind=modelSign, name=pds, step=modelSign-pds}", 0.0)
                .containsEntry("secmlops_build_verdict{build=7}", 2.0)
                .containsEntry("secmlops_build_records{build=7}", 3.0);
        assertThat(s.keySet()).noneMatch(k -> k.contains("key=note") || k.contains("key=list"));
        assertThat(s.keySet().stream().filter(k -> k.startsWith("secmlops_step_duration_seconds"))).hasSize(3);
        assertThat(s.keySet().stream().filter(k -> k.startsWith("secmlops_step_finished_timestamp_seconds"))).hasSize(3);
    }

    @Test
    void aMissingEvidenceFolderIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenMetricsExport.write(tmp.resolve("none"), tmp.resolve("m.prom")))
                .hasMessageContaining("does not exist").hasMessageContaining("none");
    }
}
