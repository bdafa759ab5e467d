package io.secmlops.report.export;

import io.secmlops.engine.charts.RobustnessCharts;
import io.secmlops.engine.evidence.EvidenceRecord;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.report.CheckedRecord;
import io.secmlops.report.ControlResult;
import io.secmlops.report.ControlStatus;
import io.secmlops.report.FrameworkResult;
import io.secmlops.report.Kinds;
import io.secmlops.report.ReportModel;
import io.secmlops.report.catalog.Catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report as one self-contained HTML page: inline CSS, no script, no external resource; images from evidence
 * outputs embedded as data URIs. Every value from evidence or catalogues is escaped with {@link Html}.
 */
public final class HtmlReport {
    /** Images larger than this are linked, not embedded. */
    static final long MAX_IMAGE_BYTES = 2L << 20;
    private static final int MAX_LIST = 50;
    private static final int HEADER_REASONS = 5;
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "svg", "image/svg+xml", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");

    private final ReportModel m;
    private final StringBuilder h = new StringBuilder(64 * 1024);

    private HtmlReport(ReportModel model) {
        this.m = model;
    }

    public static byte[] render(ReportModel model) {
        return new HtmlReport(model).page().getBytes(StandardCharsets.UTF_8);
    }

    private String page() {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>Compliance report: ").append(e(m.name())).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header();
        h.append("<main>\n");
        summary();
        controls();
        steps();
        provenance();
        trend();
        integrity();
        h.append("</main>\n");
        footer();
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private void header() {
        Map<ControlStatus, Integer> c = m.counts();
        h.append("<header>\n<div class=\"wrap head\">\n<div>\n<div class=\"kicker\">SecMLOps compliance report</div>\n<h1>")
                .append(e(m.name())).append("</h1>\n<div class=\"meta\">")
                .append(e(identity())).append(" · evidence <code>").append(e(m.evidencePath())).append("</code> · ")
                .append(m.evidence().records().size()).append(" records · generated ").append(e(m.generatedAt()))
                .append("</div>\n</div>\n<div class=\"verdict v-").append(e(m.verdict().name())).append("\">").append(e(m.verdict().name()))
                .append("<small>fail on: ").append(e(m.failOn().id())).append("</small></div>\n</div>\n");
        h.append("<div class=\"wrap totals\">");
        for (ControlStatus s : ControlStatus.values()) {
            h.append("<span class=\"total s-").append(s.id()).append("\"><b>").append(c.get(s)).append("</b> ").append(e(s.label())).append("</span>");
        }
        h.append("</div>\n");
        if (!m.reasons().isEmpty()) {
            h.append("<div class=\"wrap reasons\"><ul>");
            List<String> reasons = m.reasons();
            for (String r : reasons.subList(0, Math.min(HEADER_REASONS, reasons.size()))) {
                h.append("<li>").append(e(r)).append("</li>");
            }
            if (reasons.size() > HEADER_REASONS) {
                h.append("<li>… and ").append(reasons.size() - HEADER_REASONS).append(" more: see Controls</li>");
            }
            h.append("</ul></div>\n");
        }
        h.append("</header>\n");
    }

    private String identity() {
        Map<String, String> env = m.environment();
        if (env.get("job") != null) {
            return "job " + env.get("job") + (env.get("buildNumber") != null ? " #" + env.get("buildNumber") : "");
        }
        return "run on " + env.getOrDefault("host", "unknown host") + (env.get("user") != null ? " by " + env.get("user") : "");
    }

    private void summary() {
        h.append("<section id=\"summary\">\n<h2>Frameworks</h2>\n<div class=\"cards\">\n");
        for (FrameworkResult f : m.frameworks()) {
            Map<ControlStatus, Integer> c = f.counts();
            int total = f.controls().size();
            h.append("<a class=\"card\" href=\"#fw-").append(e(anchor(f.catalog().framework()))).append("\">\n<div class=\"card-title\">")
                    .append(e(f.catalog().label())).append("</div>\n<div class=\"card-ver\">").append(e(f.catalog().version()))
                    .append("</div>\n<div class=\"bar\">");
            for (ControlStatus s : ControlStatus.values()) {
                if (c.get(s) > 0) {
                    h.append("<span class=\"seg s-").append(s.id()).append("\" style=\"width:")
                            .append(String.format(Locale.ROOT, "%.2f", 100.0 * c.get(s) / total)).append("%\" title=\"")
                            .append(c.get(s)).append(' ').append(e(s.label())).append("\"></span>");
                }
            }
            h.append("</div>\n<div class=\"card-counts\">");
            for (ControlStatus s : ControlStatus.values()) {
                h.append("<span class=\"dot s-").append(s.id()).append("\"></span>").append(c.get(s)).append(' ');
            }
            h.append("<span class=\"of\">of ").append(total).append("</span></div>\n</a>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private void controls() {
        h.append("<section id=\"controls\">\n<h2>Controls</h2>\n");
        for (FrameworkResult f : m.frameworks()) {
            Catalog c = f.catalog();
            h.append("<h3 id=\"fw-").append(e(anchor(c.framework()))).append("\">").append(e(c.title())).append(" <span class=\"ver\">")
                    .append(e(c.version())).append("</span></h3>\n");
            h.append("<table class=\"controls\">\n<thead><tr><th>ID</th><th>Control</th><th>Status</th><th>Evidence</th><th>Why</th></tr></thead>\n<tbody>\n");
            for (ControlResult r : f.controls()) {
                h.append("<tr class=\"row-").append(r.status().id()).append("\"><td class=\"id\">");
                String url = Html.hrefUrl(r.control().url());
                if (url != null) {
                    h.append("<a href=\"").append(url).append("\">").append(e(r.control().id())).append("</a>");
                } else {
                    h.append(e(r.control().id()));
                }
                h.append("</td><td>").append(e(r.control().title()));
                if (r.control().description() != null) {
                    h.append("<div class=\"desc\">").append(e(r.control().description())).append("</div>");
                }
                h.append("</td><td><span class=\"chip s-").append(r.status().id()).append("\">").append(e(r.status().label()))
                        .append("</span></td><td>");
                evidenceLinks(r.evidence());
                h.append("</td><td class=\"why\">").append(e(r.explanation())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private void evidenceLinks(List<CheckedRecord> records) {
        if (records.isEmpty()) {
            h.append("<span class=\"none\">none</span>");
            return;
        }
        h.append("<ul class=\"ev\">");
        Set<String> seen = new LinkedHashSet<>();
        for (CheckedRecord r : records) {
            if (seen.add(r.path())) {
                h.append("<li><a href=\"").append(Html.hrefPath(m.link(r.file()))).append("\">").append(e(r.kind())).append(" <b>")
                        .append(e(r.name())).append("</b></a> <span class=\"v v-").append(e(r.verdict().name())).append("\">")
                        .append(e(r.verdict().name())).append("</span></li>");
            }
        }
        h.append("</ul>");
    }

    private void steps() {
        h.append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        if (m.evidence().records().isEmpty()) {
            h.append("<p class=\"none\">No evidence records were found in <code>").append(e(m.evidencePath()))
                    .append("</code>: every control is not assessed.</p>\n");
        }
        Map<String, List<CheckedRecord>> byKind = new LinkedHashMap<>();
        for (String k : Kinds.KNOWN) {
            byKind.put(k, new ArrayList<>());
        }
        for (CheckedRecord r : m.evidence().records()) {
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
        }
        byKind.forEach((kind, records) -> {
            if (records.isEmpty()) {
                return;
            }
            h.append("<h3>").append(e(kind)).append(" <span class=\"ver\">").append(records.size()).append(records.size() == 1 ? " record" : " records")
                    .append("</span></h3>\n<div class=\"steps\">\n");
            for (CheckedRecord r : records) {
                step(r);
            }
            if (kind.equals(Kinds.ADVERSARIAL_TEST)) {
                AdversarialShards.of(m.evidence()).forEach(this::mergedShards);
            }
            h.append("</div>\n");
        });
        h.append("</section>\n");
    }

    private void step(CheckedRecord r) {
        EvidenceRecord rec = r.record();
        h.append("<article class=\"step\">\n<div class=\"step-head\"><span class=\"v v-").append(e(rec.verdict().name())).append("\">")
                .append(e(rec.verdict().name())).append("</span> <b>").append(e(rec.name())).append("</b>");
        if (r.shardGroup() != null) {
            h.append(" <span class=\"tag\">shard of ").append(e(r.shardGroup())).append(r.complete() ? "" : ", set incomplete").append("</span>");
        }
        h.append(" <span class=\"tag sig-").append(e(r.signature().name().toLowerCase(Locale.ROOT))).append("\">").append(e(r.signature().label()))
                .append("</span> <a class=\"rec\" href=\"").append(Html.hrefPath(m.link(r.file()))).append("\">").append(e(r.path())).append("</a></div>\n");
        String headline = StepSummaries.headline(rec);
        if (headline != null) {
            h.append("<div class=\"headline\">").append(e(headline)).append("</div>\n");
        }
        if (rec.reasons() != null && !rec.reasons().isEmpty()) {
            h.append("<ul class=\"reasons-list\">");
            for (String reason : rec.reasons()) {
                h.append("<li>").append(e(reason)).append("</li>");
            }
            h.append("</ul>\n");
        }
        boolean study = Kinds.ADVERSARIAL_TEST.equals(rec.kind());
        results(rec.results(), study ? Set.of("tradeoffs") : Set.of());
        if (study) {
            robustnessStudy(rec.results() == null ? Map.of() : rec.results());
        }
        outputs(r);
        h.append("</article>\n");
    }

    /** The results as key-value rows and generic tables; keys in {@code shownElsewhere} get their own rendering. */
    private void results(Map<String, Object> results, Set<String> shownElsewhere) {
        if (results == null || results.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Object>> tables = new ArrayList<>();
        h.append("<table class=\"kv\"><tbody>");
        for (Map.Entry<String, Object> en : results.entrySet()) {
            Object v = en.getValue();
            if (shownElsewhere.contains(en.getKey()) && Values.listOfMaps(v)) {
                continue;
            }
            if (Values.listOfMaps(v) && ((List<?>) v).size() > 1) {
                tables.add(en);
                continue;
            }
            h.append("<tr><th>").append(e(en.getKey())).append("</th><td>");
            if (Values.listOfScalars(v)) {
                List<?> l = (List<?>) v;
                h.append(e(l.isEmpty() ? "none" : String.join(", ", l.stream().limit(20).map(Values::format).toList())
                        + (l.size() > 20 ? " … (" + l.size() + ")" : "")));
            } else if (v instanceof Map<?, ?> map && map.values().stream().allMatch(Values::scalar)) {
                List<String> parts = new ArrayList<>();
                map.forEach((k, x) -> parts.add(k + "=" + Values.format(x)));
                h.append(e(String.join(", ", parts)));
            } else {
                h.append(e(Values.format(v)));
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table>\n");
        for (Map.Entry<String, Object> en : tables) {
            table(en.getKey(), (List<?>) en.getValue());
        }
    }

    /**
     * adversarialTest: the trade-off table (one row per security measure) and the ε-curve and Pareto charts, drawn
     * from the record's rows as inline SVG (escaped by RobustnessCharts, no script).
     */
    private void robustnessStudy(Map<String, Object> res) {
        List<Map<String, Object>> attacks = StepSummaries.attacks(res);
        List<Map<String, Object>> tradeoffs = StepSummaries.tradeoffs(res);
        if (attacks.isEmpty() && tradeoffs.isEmpty()) {
            return;
        }
        h.append("<div class=\"study\">\n");
        if (!tradeoffs.isEmpty()) {
            tradeoffTable(tradeoffs);
        }
        h.append("<div class=\"charts\">\n");
        if (!attacks.isEmpty()) {
            chart(RobustnessCharts.epsilonCurve(attacks), "ε-curve: robust AP50 per attack and ε (1/255); dashed lines are adaptive attacks");
        }
        if (!tradeoffs.isEmpty()) {
            chart(RobustnessCharts.pareto(tradeoffs), "Worst robust AP50 against latency p50 per security measure; filled points are the Pareto frontier");
        }
        h.append("</div>\n</div>\n");
    }

    private void chart(String svg, String caption) {
        h.append("<figure class=\"chart\">").append(svg).append("<figcaption>").append(e(caption)).append("</figcaption></figure>\n");
    }

    private void tradeoffTable(List<Map<String, Object>> rows) {
        // robust AP50 columns: every ε any row has, in numeric order
        java.util.TreeSet<String> epsilons = new java.util.TreeSet<>(HtmlReport::compareEpsilons);
        boolean single = false;
        for (Map<String, Object> row : rows) {
            Object robust = row.get("robustAp50");
            if (robust instanceof Map<?, ?> byEps) {
                for (Object k : byEps.keySet()) {
                    epsilons.add(String.valueOf(k));
                }
            } else if (robust != null) {
                single = true;
            }
        }
        h.append("<table class=\"data tradeoffs\"><caption>Security measures: cost and robustness</caption><thead><tr><th>measure</th>")
                .append("<th>latency p50 (ms)</th><th>latency p95 (ms)</th><th>images/s</th><th>peak memory (MB)</th><th>clean AP50</th>");
        if (single) {
            h.append("<th>robust AP50</th>");
        }
        for (String eps : epsilons) {
            h.append("<th>robust AP50 ε=").append(e(eps)).append("/255</th>");
        }
        h.append("</tr></thead><tbody>");
        for (Map<String, Object> row : rows.stream().limit(MAX_LIST).toList()) {
            Object measure = row.get("measure") != null ? row.get("measure") : row.get("defence");
            h.append("<tr><th>").append(e(Values.format(measure))).append("</th>");
            for (String col : List.of("latencyP50Ms", "latencyP95Ms", "imagesPerSecond", "peakMemoryMb", "cleanAp50")) {
                h.append("<td>").append(e(Values.format(row.get(col)))).append("</td>");
            }
            Object robust = row.get("robustAp50");
            if (single) {
                h.append("<td>").append(robust instanceof Map<?, ?> ? "" : e(Values.format(robust))).append("</td>");
            }
            for (String eps : epsilons) {
                Object v = robust instanceof Map<?, ?> byEps ? byEps.get(eps) : null;
                h.append("<td>").append(e(Values.format(v))).append("</td>");
            }
            h.append("</tr>");
        }
        if (rows.size() > MAX_LIST) {
            h.append("<tr><td colspan=\"").append(6 + epsilons.size() + (single ? 1 : 0)).append("\">… ").append(rows.size() - MAX_LIST)
                    .append(" more rows</td></tr>");
        }
        h.append("</tbody></table>\n");
    }

    /** ε keys are numbers written as text ("1", "0.5"), in numeric order; anything else after them, by text. */
    private static int compareEpsilons(String a, String b) {
        Double x = parseOrNull(a);
        Double y = parseOrNull(b);
        if (x != null && y != null && x.compareTo(y) != 0) {
            return x.compareTo(y);
        }
        if ((x == null) != (y == null)) {
            return x == null ? 1 : -1;
        }
        return a.compareTo(b);
    }

    private static Double parseOrNull(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** A sharded adversarialTest run, merged exactly; a missing shard or a merge that failed is said, not hidden. */
    private void mergedShards(AdversarialShards.Study s) {
        String verdict = s.gate() == null ? "n/a" : s.gate().gate().verdict().name();
        h.append("<article class=\"step\">\n<div class=\"step-head\"><span class=\"v v-").append(e(verdict)).append("\">").append(e(verdict))
                .append("</span> <b>").append(e(s.group())).append("</b> <span class=\"tag\">merged shards: ").append(e(s.coverage()))
                .append("</span></div>\n<div class=\"headline\">").append(e(AdversarialShards.headline(s))).append("</div>\n");
        if (s.gate() != null && !s.gate().gate().reasons().isEmpty()) {
            h.append("<ul class=\"reasons-list\">");
            for (String reason : s.gate().gate().reasons()) {
                h.append("<li>").append(e(reason)).append("</li>");
            }
            h.append("</ul>\n");
        }
        List<Map<String, Object>> rows = AdversarialShards.rows(s);
        if (!rows.isEmpty()) {
            table("AP50 from the union of the shards' matches", rows);
        }
        h.append("</article>\n");
    }

    private void table(String caption, List<?> rows) {
        Set<String> cols = new LinkedHashSet<>();
        for (Object row : rows) {
            cols.addAll(Values.map(row).keySet());
        }
        List<String> columns = cols.stream().limit(12).toList();
        h.append("<table class=\"data\"><caption>").append(e(caption)).append("</caption><thead><tr>");
        for (String c : columns) {
            h.append("<th>").append(e(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        int n = 0;
        for (Object row : rows) {
            if (n++ == MAX_LIST) {
                h.append("<tr><td colspan=\"").append(columns.size()).append("\">… ").append(rows.size() - MAX_LIST).append(" more rows</td></tr>");
                break;
            }
            Map<String, Object> r = Values.map(row);
            h.append("<tr>");
            for (String c : columns) {
                h.append("<td>").append(e(Values.format(r.get(c)))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>\n");
    }

    private void outputs(CheckedRecord r) {
        List<Subject> outs = r.record().outputs() == null ? List.of() : r.record().outputs();
        if (outs.isEmpty()) {
            return;
        }
        h.append("<div class=\"outputs\">Outputs: ");
        List<Path> images = new ArrayList<>();
        // adversarialTest's ε-curve and Pareto plot are drawn inline from its rows (robustnessStudy): link, don't repeat them
        List<?> drawnInline = Values.list(r.record().results() == null ? null : r.record().results().get("renderedFiles"));
        boolean first = true;
        for (Subject o : outs) {
            Path f = r.file().resolveSibling(o.name());
            if (!first) {
                h.append(", ");
            }
            first = false;
            h.append("<a href=\"").append(Html.hrefPath(m.link(f))).append("\">").append(e(o.name())).append("</a>");
            if (imageType(o.name()) != null && !drawnInline.contains(o.name())) {
                images.add(f);
            }
        }
        h.append("</div>\n");
        for (Path img : images) {
            figure(img);
        }
    }

    private void figure(Path img) {
        String type = imageType(img.getFileName().toString());
        try {
            long size = Files.size(img);
            if (size > MAX_IMAGE_BYTES) {
                return;
            }
            String data = Base64.getEncoder().encodeToString(Files.readAllBytes(img));
            h.append("<figure><img alt=\"").append(e(img.getFileName())).append("\" src=\"data:").append(type).append(";base64,").append(data)
                    .append("\"><figcaption>").append(e(img.getFileName())).append("</figcaption></figure>\n");
        } catch (IOException ignored) {
            // the loader checked the file moments ago; if it vanished, the link above still names it
        }
    }

    static String imageType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : IMAGE_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void provenance() {
        h.append("<section id=\"provenance\">\n<h2>Provenance diff</h2>\n");
        List<ProvenanceDiffs.Diff> diffs = ProvenanceDiffs.of(m.evidence());
        if (diffs.isEmpty()) {
            h.append("<p class=\"none\">No data set in this build was verified against a pin or compared with a baseline.</p>\n");
        }
        for (ProvenanceDiffs.Diff d : diffs) {
            h.append("<div class=\"diff\"><div class=\"step-head\"><span class=\"v v-").append(e(d.record().verdict().name())).append("\">")
                    .append(e(d.identical() ? "SAME" : "CHANGED")).append("</span> <b>").append(e(d.record().name())).append("</b> against ")
                    .append(e(d.against())).append(" <a class=\"rec\" href=\"").append(Html.hrefPath(m.link(d.record().file()))).append("\">")
                    .append(e(d.record().path())).append("</a></div>\n");
            if (d.identical()) {
                h.append("<div class=\"headline\">identical: no file added, removed or changed</div>\n");
            } else {
                diffList("added", d.added());
                diffList("removed", d.removed());
                diffList("changed", d.changed());
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private void diffList(String what, List<String> files) {
        if (files.isEmpty()) {
            return;
        }
        h.append("<div class=\"difflist d-").append(what).append("\"><b>").append(files.size()).append(' ').append(what).append("</b><ul>");
        for (String f : files.stream().limit(MAX_LIST).toList()) {
            h.append("<li><code>").append(e(f)).append("</code></li>");
        }
        if (files.size() > MAX_LIST) {
            h.append("<li>… ").append(files.size() - MAX_LIST).append(" more</li>");
        }
        h.append("</ul></div>\n");
    }

    private void trend() {
        h.append("<section id=\"trend\">\n<h2>Trend</h2>\n<div class=\"placeholder\">The trend of satisfied controls across builds appears here ")
                .append("when the Jenkins plugin hands the report earlier builds' results. This report covers one build.</div>\n</section>\n");
    }

    private void integrity() {
        h.append("<section id=\"integrity\">\n<h2>Evidence checked</h2>\n<p class=\"note\">Every record below was read with its schema checked, ")
                .append("every output file beside it matched the digest the record lists, its in-toto statement matched it, and a DSSE envelope, ")
                .append("where present, covered it.</p>\n");
        if (!m.evidence().warnings().isEmpty()) {
            h.append("<ul class=\"warnings\">");
            for (String w : m.evidence().warnings()) {
                h.append("<li>").append(e(w)).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("<table class=\"data\"><thead><tr><th>Record</th><th>Kind</th><th>Name</th><th>Verdict</th><th>sha256</th><th>Signature</th></tr></thead><tbody>");
        for (CheckedRecord r : m.evidence().records()) {
            h.append("<tr><td><a href=\"").append(Html.hrefPath(m.link(r.file()))).append("\">").append(e(r.path())).append("</a></td><td>")
                    .append(e(r.kind())).append("</td><td>").append(e(r.name())).append("</td><td><span class=\"v v-").append(e(r.verdict().name()))
                    .append("\">").append(e(r.verdict().name())).append("</span></td><td><code title=\"").append(e(r.sha256())).append("\">")
                    .append(e(Values.shortDigest(r.sha256()))).append("</code></td><td>").append(e(r.signature().label())).append("</td></tr>");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private void footer() {
        h.append("<footer>\n<div class=\"wrap\">\n<h2>Catalogues</h2>\n<ul>");
        for (FrameworkResult f : m.frameworks()) {
            Catalog c = f.catalog();
            h.append("<li><b>").append(e(c.framework())).append("</b>: ").append(e(c.title())).append(", ").append(e(c.version()));
            if (c.date() != null && !c.date().equals(c.version())) {
                h.append(" (").append(e(c.date())).append(')');
            }
            String url = Html.hrefUrl(c.source());
            h.append(" · source ").append(url != null ? "<a href=\"" + url + "\">" + e(c.source()) + "</a>" : e(c.source()));
            if (c.checkedAgainst() != null) {
                h.append("<div class=\"desc\">").append(e(c.checkedAgainst())).append("</div>");
            }
            h.append("</li>");
        }
        h.append("</ul>\n<p class=\"note\">secmlops ").append(e(m.toolVersion()))
                .append(". The mapping of evidence to controls is data in the catalogues above; build evidence supports, and does not replace, ")
                .append("an assessment by a qualified person.</p>\n</div>\n</footer>\n");
    }

    private static String anchor(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String e(Object v) {
        return Html.escape(v);
    }

    private static final String CSS = """
            :root{--ok:#1a7f37;--part:#b58100;--bad:#cf222e;--na:#8c959f;--ink:#1f2328;--mute:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
            code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
            a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
            .wrap,main{max-width:1200px;margin:0 auto;padding:0 24px}
            header{background:#0d1117;color:#e6edf3;padding:22px 0 16px}
            header code{color:#e6edf3}
            .head{display:flex;justify-content:space-between;align-items:flex-start;gap:24px}
            .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:#9198a1}
            h1{margin:2px 0 6px;font-size:26px;font-weight:600}
            .meta{color:#9198a1;font-size:13px}
            .verdict{font-size:24px;font-weight:700;padding:10px 18px;border-radius:8px;text-align:center;min-width:120px}
            .verdict small{display:block;font-size:11px;font-weight:400;opacity:.85}
            .verdict.v-PASS{background:var(--ok);color:#fff}.verdict.v-UNSTABLE{background:var(--part);color:#fff}.verdict.v-FAIL{background:var(--bad);color:#fff}
            .totals{margin-top:14px;display:flex;gap:10px;flex-wrap:wrap}
            .total{padding:3px 10px;border-radius:12px;font-size:13px;background:#21262d;border-left:4px solid var(--na)}
            .total.s-satisfied{border-color:var(--ok)}.total.s-partly{border-color:var(--part)}.total.s-not-satisfied{border-color:var(--bad)}
            .reasons ul{margin:12px 0 0;padding-left:18px;color:#ffb1b1;font-size:13px}
            h2{font-size:20px;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
            h3{font-size:16px;margin:22px 0 8px}.ver{color:var(--mute);font-weight:400;font-size:13px}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
            .card{display:block;border:1px solid var(--line);border-radius:8px;padding:12px;color:var(--ink);background:#fff}
            .card:hover{border-color:#0969da;text-decoration:none}
            .card-title{font-weight:600;font-size:14px}.card-ver{color:var(--mute);font-size:12px;margin:2px 0 8px}
            .bar{display:flex;height:10px;border-radius:5px;overflow:hidden;background:var(--bg)}
            .seg.s-satisfied,.dot.s-satisfied{background:var(--ok)}.seg.s-partly,.dot.s-partly{background:var(--part)}
            .seg.s-not-satisfied,.dot.s-not-satisfied{background:var(--bad)}.seg.s-not-assessed,.dot.s-not-assessed{background:var(--na)}
            .card-counts{margin-top:8px;font-size:12px;color:var(--mute)}.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin:0 3px 0 6px}
            .dot:first-child{margin-left:0}.of{margin-left:4px}
            table{border-collapse:collapse;width:100%;margin:6px 0 12px}
            th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
            thead th{background:var(--bg);font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--mute)}
            table.controls td.id{white-space:nowrap;font:12px ui-monospace,Menlo,Consolas,monospace}
            table.controls td.why{color:var(--mute);font-size:13px;max-width:360px}
            tr.row-not-satisfied{background:#fff5f5}
            .desc{color:var(--mute);font-size:12px}
            .chip{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
            .chip.s-satisfied{background:var(--ok)}.chip.s-partly{background:var(--part)}.chip.s-not-satisfied{background:var(--bad)}.chip.s-not-assessed{background:var(--na)}
            ul.ev{list-style:none;margin:0;padding:0;font-size:12px}ul.ev li{margin:1px 0}
            .v{display:inline-block;font-size:11px;font-weight:700;padding:0 6px;border-radius:4px;border:1px solid}
            .v-PASS{color:var(--ok);border-color:var(--ok)}.v-UNSTABLE{color:var(--part);border-color:var(--part)}.v-FAIL{color:var(--bad);border-color:var(--bad)}
            .none{color:var(--mute);font-style:italic}
            .steps{display:grid;grid-template-columns:1fr;gap:10px}
            .step,.diff{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff}
            .step-head{font-size:14px}.tag{font-size:11px;color:var(--mute);background:var(--bg);border-radius:4px;padding:1px 6px}
            .tag.sig-verified{color:var(--ok)}
            a.rec{float:right;font-size:12px}
            .headline{margin:6px 0;font-weight:500}
            ul.reasons-list{margin:4px 0;padding-left:18px;color:var(--bad)}
            table.kv th{width:200px;font-weight:500;color:var(--mute);background:none;text-transform:none;font-size:13px;letter-spacing:0}
            table.kv td{font-size:13px;word-break:break-word}
            table.data{font-size:12px}table.data caption{text-align:left;font-weight:600;padding:4px 0}
            .outputs{font-size:12px;color:var(--mute)}
            figure{margin:10px 0;display:inline-block;border:1px solid var(--line);border-radius:6px;padding:6px;background:#fff}
            figure img{max-width:540px;max-height:340px;display:block}figcaption{font-size:11px;color:var(--mute);margin-top:4px}
            .difflist{margin:6px 0}.difflist ul{margin:2px 0 0;padding-left:18px}.d-changed b{color:var(--part)}.d-removed b{color:var(--bad)}.d-added b{color:var(--ok)}
            .charts{display:flex;flex-wrap:wrap;gap:12px}figure.chart svg{display:block;max-width:100%;height:auto}
            table.tradeoffs td{text-align:right;font-variant-numeric:tabular-nums}table.tradeoffs tbody th{font-weight:500;text-transform:none}
            .placeholder{border:1px dashed var(--line);border-radius:8px;padding:26px;text-align:center;color:var(--mute);background:var(--bg)}
            .note{color:var(--mute);font-size:13px}
            ul.warnings{color:#9a6700}
            footer{margin-top:36px;background:var(--bg);border-top:1px solid var(--line);padding:8px 0 24px;font-size:13px}
            footer li{margin:6px 0}
            """;
}
