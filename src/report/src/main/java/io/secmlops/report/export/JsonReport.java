package io.secmlops.report.export;

import io.secmlops.report.CheckedRecord;
import io.secmlops.report.ControlResult;
import io.secmlops.report.ControlStatus;
import io.secmlops.report.FrameworkResult;
import io.secmlops.report.ReportModel;
import io.secmlops.report.catalog.Catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as JSON ({@value #SCHEMA_VERSION}): every control with its status and the evidence paths behind it. */
public final class JsonReport {
    public static final String SCHEMA_VERSION = "secmlops.complianceReport/v1";

    private JsonReport() {
    }

    public static byte[] render(ReportModel m) {
        return SafeJson.write(tree(m));
    }

    public static Map<String, Object> tree(ReportModel m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("name", m.name());
        root.put("generatedAt", m.generatedAt());
        root.put("verdict", m.verdict().name());
        root.put("failOn", m.failOn().id());
        root.put("reasons", m.reasons());
        root.put("totals", totals(m.counts()));
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("path", m.evidencePath());
        List<Map<String, Object>> records = new ArrayList<>();
        for (CheckedRecord r : m.evidence().records()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("path", r.path());
            x.put("link", m.link(r.file()));
            x.put("kind", r.kind());
            x.put("name", r.name());
            x.put("verdict", r.verdict().name());
            x.put("reasons", r.record().reasons());
            x.put("sha256", r.sha256());
            x.put("signature", r.signature().name().toLowerCase(java.util.Locale.ROOT));
            if (r.shardGroup() != null) {
                x.put("shardOf", r.shardGroup());
                x.put("shardSetComplete", r.complete());
            }
            records.add(x);
        }
        ev.put("records", records);
        ev.put("warnings", m.evidence().warnings());
        List<AdversarialShards.Study> sharded = AdversarialShards.of(m.evidence());
        if (!sharded.isEmpty()) {
            ev.put("adversarialShards", sharded.stream().map(AdversarialShards::json).toList());
        }
        root.put("evidence", ev);
        List<Map<String, Object>> frameworks = new ArrayList<>();
        for (FrameworkResult f : m.frameworks()) {
            Catalog c = f.catalog();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("framework", c.framework());
            x.put("title", c.title());
            x.put("version", c.version());
            x.put("date", c.date());
            x.put("source", c.source());
            x.put("checkedAgainst", c.checkedAgainst());
            x.put("totals", totals(f.counts()));
            List<Map<String, Object>> controls = new ArrayList<>();
            for (ControlResult r : f.controls()) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("id", r.control().id());
                k.put("title", r.control().title());
                k.put("reference", r.control().reference());
                k.put("url", r.control().url());
                k.put("status", r.status().id());
                k.put("explanation", r.explanation());
                k.put("evidence", r.evidence().stream().map(CheckedRecord::path).distinct().toList());
                controls.add(k);
            }
            x.put("controls", controls);
            frameworks.add(x);
        }
        root.put("frameworks", frameworks);
        return root;
    }

    static Map<String, Object> totals(Map<ControlStatus, Integer> counts) {
        Map<String, Object> t = new LinkedHashMap<>();
        counts.forEach((s, n) -> t.put(s.id(), n));
        return t;
    }
}
