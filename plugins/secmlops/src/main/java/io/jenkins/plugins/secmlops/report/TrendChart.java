package io.jenkins.plugins.secmlops.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The job's trend as a self-contained SVG, drawn on the server: robust AP50 (worst attack), drift share and the share
 * of controls satisfied, each 0–100 %, one point per build, oldest on the left. No script; every text is escaped.
 */
public final class TrendChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final int LEFT = 48;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 48;

    /** One build's point: its label (display name) and summary. */
    public record Point(String label, TrendSummary summary) {
    }

    /** A series: its name, colour and value per summary (null: no point). */
    record Series(String name, String colour, Function<TrendSummary, Double> value) {
    }

    static final List<Series> SERIES = List.of(
            new Series("robust AP50 (worst)", "#1f77b4", TrendSummary::robustAp50),
            new Series("drift share", "#d62728", TrendSummary::driftShare),
            new Series("controls satisfied", "#2ca02c", TrendSummary::satisfiedShare));

    private TrendChart() {
    }

    public static byte[] svg(List<Point> points) {
        return render(points).getBytes(StandardCharsets.UTF_8);
    }

    public static String render(List<Point> points) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        b.append("<title>SecMLOps trend</title>\n");
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = y(pct / 100.0);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y,
                    WIDTH - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", LEFT - 4, y + 4,
                    pct));
        }
        if (points.isEmpty()) {
            b.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">No build with a compliance report yet</text>\n");
        }
        for (int i = 0; i < points.size(); i++) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x(i, points.size()),
                    HEIGHT - BOTTOM + 16, escape(points.get(i).label())));
        }
        int legendX = LEFT;
        for (Series s : SERIES) {
            List<String> coords = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                Double v = s.value().apply(points.get(i).summary());
                if (v == null || v.isNaN() || v.isInfinite()) {
                    continue;
                }
                double cx = x(i, points.size());
                double cy = y(Math.max(0, Math.min(1, v)));
                coords.add(String.format(Locale.ROOT, "%.1f,%.1f", cx, cy));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title></circle>\n",
                        cx, cy, s.colour(), escape(points.get(i).label()), escape(s.name()), value(s, points.get(i).summary(), v)));
            }
            if (coords.size() > 1) {
                b.append("<polyline fill=\"none\" stroke=\"").append(s.colour()).append("\" stroke-width=\"2\" points=\"")
                        .append(String.join(" ", coords)).append("\"/>\n");
            }
            b.append(dots);
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", legendX, HEIGHT - 18, s.colour(), legendX + 14, HEIGHT - 9, escape(s.name())));
            legendX += 180;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String value(Series s, TrendSummary summary, double v) {
        if (s.value() == SERIES.get(2).value()) {
            return summary.controlsSatisfied() + " of " + summary.controlsTotal();
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double x(int i, int n) {
        double plot = WIDTH - LEFT - RIGHT;
        return n <= 1 ? LEFT + plot / 2 : LEFT + plot * i / (n - 1);
    }

    static double y(double v) {
        double plot = HEIGHT - TOP - BOTTOM;
        return TOP + plot * (1 - v);
    }

    /** XML text and attribute escaping: the engine's, as the report and the charts use. */
    static String escape(String s) {
        return io.secmlops.engine.io.Markup.escape(s);
    }
}
