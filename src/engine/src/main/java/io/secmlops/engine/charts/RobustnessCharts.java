package io.secmlops.engine.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adversarialTest plots as self-contained SVG: no script, no external resource, every text escaped, a viewBox, and
 * the same rows always give the same bytes. Rows are shaped as {@code attack.json}'s {@code attacks} and
 * {@code tradeoffs} (docs/adversarial.md); rows missing the numbers a chart needs are left out and counted in a note.
 */
public final class RobustnessCharts {
    static final int WIDTH = 760;
    static final int HEIGHT = 420;
    private static final double LEFT = 64;
    private static final double TOP = 44;
    private static final double BOTTOM_MARGIN = 58;
    private static final double LEGEND_WIDTH = 230;
    private static final double LEGEND_ROW = 18;
    private static final String ADAPTIVE = ", adaptive";

    private RobustnessCharts() {
    }

    /**
     * Robust AP50 against ε (1/255 units): one line per (attack, defence, adaptive), points in ε order, with a legend.
     * Adaptive attacks are drawn dashed.
     */
    public static String epsilonCurve(List<Map<String, Object>> attackRows) {
        String title = "Robust AP50 against ε";
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        Map<String, Boolean> adaptive = new LinkedHashMap<>();
        int skipped = 0;
        for (Map<String, Object> row : attackRows == null ? List.<Map<String, Object>>of() : attackRows) {
            Double eps = number(row.get("epsilon"));
            Double ap = number(row.get("ap50"));
            if (eps == null || ap == null) {
                skipped++;
                continue;
            }
            String label = seriesLabel(row);
            series.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[] {eps, ap});
            adaptive.put(label, Boolean.TRUE.equals(row.get("adaptive")));
        }
        if (series.isEmpty()) {
            return Svg.noData(WIDTH, HEIGHT, title, "No data: no attack rows with an epsilon and an AP50.");
        }
        double maxEps = 0;
        for (List<double[]> pts : series.values()) {
            pts.sort(Comparator.comparingDouble(p -> p[0]));
            for (double[] p : pts) {
                maxEps = Math.max(maxEps, p[0]);
            }
        }
        int height = (int) Math.max(HEIGHT, TOP + series.size() * LEGEND_ROW + 24);
        Plot plot = new Plot(LEFT, TOP, WIDTH - LEGEND_WIDTH - 24, height - BOTTOM_MARGIN, 0, maxEps);
        Svg svg = new Svg(WIDTH, height, title);
        plot.axes(svg, "ε (1/255)", "AP50");
        int i = 0;
        double legendX = WIDTH - LEGEND_WIDTH;
        // one colour per attack (and defence): the adaptive line of a defence shares the colour of its plain line and is dashed
        Map<String, String> colours = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            String base = s.getKey().endsWith(ADAPTIVE) ? s.getKey().substring(0, s.getKey().length() - ADAPTIVE.length()) : s.getKey();
            String colour = colours.computeIfAbsent(base, k -> Svg.PALETTE[colours.size() % Svg.PALETTE.length]);
            String dash = adaptive.get(s.getKey()) ? " stroke-dasharray=\"6 4\"" : "";
            svg.raw("<g class=\"series\" data-label=\"" + Svg.escape(s.getKey()) + "\">\n");
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.getValue()) {
                pts.append(pts.isEmpty() ? "" : " ").append(Svg.n(plot.x(p[0]))).append(',').append(Svg.n(plot.y(p[1])));
            }
            svg.raw("<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" + dash + " points=\"" + pts + "\"/>\n");
            for (double[] p : s.getValue()) {
                svg.raw("<circle class=\"pt\" cx=\"" + Svg.n(plot.x(p[0])) + "\" cy=\"" + Svg.n(plot.y(p[1])) + "\" r=\"3.5\" fill=\"" + colour
                        + "\"><title>" + Svg.escape(s.getKey() + ": ε " + Svg.tick(p[0]) + ", AP50 " + Svg.tick(p[1])) + "</title></circle>\n");
            }
            svg.raw("</g>\n");
            double ly = TOP + 6 + i * LEGEND_ROW;
            svg.raw("<g class=\"legend\">");
            svg.line(legendX, ly, legendX + 22, ly, "stroke=\"" + colour + "\" stroke-width=\"2\"" + dash);
            svg.text(legendX + 28, ly + 4, Svg.shorten(s.getKey(), 30), "start", "fill=\"#1f2328\"");
            svg.raw("</g>\n");
            i++;
        }
        note(svg, plot, skipped, "attack row");
        return svg.end();
    }

    /**
     * Worst robust AP50 against latency p50: one labelled point per security measure, the Pareto frontier (no other
     * measure is both as fast and as robust, and better in one) drawn as a line and its points filled.
     */
    public static String pareto(List<Map<String, Object>> tradeoffRows) {
        String title = "Robustness against latency";
        List<Point> points = points(tradeoffRows);
        int skipped = (tradeoffRows == null ? 0 : tradeoffRows.size()) - points.size();
        if (points.isEmpty()) {
            return Svg.noData(WIDTH, HEIGHT, title, "No data: no trade-off rows with a latencyP50Ms and a robust AP50.");
        }
        double minLatency = Double.POSITIVE_INFINITY;
        double maxLatency = 0;
        for (Point p : points) {
            minLatency = Math.min(minLatency, p.latency);
            maxLatency = Math.max(maxLatency, p.latency);
        }
        // latencies of the measures differ by a few ms on a base of tens: an axis from 0 would stack them on one spot
        Plot plot = new Plot(LEFT, TOP, WIDTH - 150, HEIGHT - BOTTOM_MARGIN, minLatency, maxLatency);
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        plot.axes(svg, "latency p50 (ms)", "worst robust AP50");
        List<Point> frontier = frontier(points);
        StringBuilder line = new StringBuilder();
        for (Point p : frontier) {
            line.append(line.isEmpty() ? "" : " ").append(Svg.n(plot.x(p.latency))).append(',').append(Svg.n(plot.y(p.ap)));
        }
        svg.raw("<polyline class=\"frontier\" fill=\"none\" stroke=\"#1a7f37\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"" + line + "\"/>\n");
        List<double[]> placed = new ArrayList<>();
        for (Point p : points) {
            boolean onFrontier = frontier.contains(p);
            double cx = plot.x(p.latency);
            double cy = plot.y(p.ap);
            String label = Svg.shorten(p.label, 30);
            svg.raw("<g class=\"" + (onFrontier ? "point frontier" : "point") + "\" data-label=\"" + Svg.escape(p.label) + "\">");
            svg.raw("<circle cx=\"" + Svg.n(cx) + "\" cy=\"" + Svg.n(cy) + "\" r=\"4.5\" stroke=\"#1a7f37\" stroke-width=\"1.5\" fill=\""
                    + (onFrontier ? "#1a7f37" : "#ffffff") + "\"><title>" + Svg.escape(p.label + ": " + Svg.tick(p.latency) + " ms, worst robust AP50 "
                    + Svg.tick(p.ap)) + "</title></circle>");
            double[] at = labelPosition(cx, cy, label, placed);
            if (at[1] != cy - 6) {
                // moved down to clear another label: a leader line says whose label it is
                svg.line(cx, cy, at[0], at[1] - 4, "stroke=\"#8c959f\" stroke-width=\"0.8\"");
            }
            svg.text(at[0], at[1], label, at[2] > 0 ? "end" : "start", "fill=\"#1f2328\"");
            svg.raw("</g>\n");
        }
        svg.text(WIDTH - 16, 24, "filled: Pareto frontier", "end", "fill=\"#59636e\"");
        note(svg, plot, skipped, "trade-off row");
        return svg.end();
    }

    /**
     * Where a point's label goes: right of and above the point (left of it near the right edge), moved down in steps
     * while it would overlap a label placed before; returns x, baseline y and 1 for end-anchored.
     */
    private static double[] labelPosition(double cx, double cy, String label, List<double[]> placed) {
        double width = 7.2 * label.length() + 4;
        boolean left = cx + 7 + width > WIDTH - 8;
        double x0 = left ? cx - 7 - width : cx + 7;
        double y = cy - 6;
        for (int tries = 0; tries < 12; tries++) {
            boolean overlaps = false;
            for (double[] r : placed) {
                if (x0 < r[0] + r[2] && r[0] < x0 + width && y - 11 < r[1] && r[1] - 11 < y) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                break;
            }
            y += 14;
        }
        placed.add(new double[] {x0, y, width});
        return new double[] {left ? cx - 7 : cx + 7, y, left ? 1 : 0};
    }

    /** The measures on the Pareto frontier of {@link #pareto}, fastest first. */
    public static List<String> paretoFrontier(List<Map<String, Object>> tradeoffRows) {
        return frontier(points(tradeoffRows)).stream().map(p -> p.label).toList();
    }

    /** The lowest AP50 of the row's {@code robustAp50} (an object ε → AP50, or one number); null when there is none. */
    public static Double worstRobustAp50(Map<String, Object> tradeoffRow) {
        Object r = tradeoffRow.get("robustAp50");
        if (r instanceof Map<?, ?> m) {
            Double worst = null;
            for (Object v : m.values()) {
                Double d = number(v);
                if (d != null && (worst == null || d < worst)) {
                    worst = d;
                }
            }
            return worst;
        }
        return number(r);
    }

    /** {@code attack}, then {@code + defence} unless none, then {@code , adaptive}. */
    static String seriesLabel(Map<String, Object> row) {
        String attack = row.get("attack") == null ? "attack" : row.get("attack").toString();
        Object d = row.get("defence");
        String label = d == null || d.toString().isEmpty() || d.toString().equals("none") ? attack : attack + " + " + d;
        return Boolean.TRUE.equals(row.get("adaptive")) ? label + ADAPTIVE : label;
    }

    private record Point(String label, double latency, double ap, int index) {
    }

    private static List<Point> points(List<Map<String, Object>> rows) {
        List<Point> out = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> row : rows == null ? List.<Map<String, Object>>of() : rows) {
            Double latency = number(row.get("latencyP50Ms"));
            Double ap = worstRobustAp50(row);
            if (latency != null && ap != null) {
                Object m = row.get("measure") != null ? row.get("measure") : row.get("defence");
                out.add(new Point(m == null ? "row " + (i + 1) : m.toString(), latency, ap, i));
            }
            i++;
        }
        return out;
    }

    /** Points no other point dominates (latency ≤ and AP ≥, one of them strictly), by latency then row order. */
    private static List<Point> frontier(List<Point> points) {
        List<Point> out = new ArrayList<>();
        for (Point p : points) {
            boolean dominated = false;
            for (Point q : points) {
                if (q.latency <= p.latency && q.ap >= p.ap && (q.latency < p.latency || q.ap > p.ap)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble((Point p) -> p.latency).thenComparingInt(p -> p.index));
        return out;
    }

    private static void note(Svg svg, Plot plot, int skipped, String what) {
        if (skipped > 0) {
            svg.text(plot.left, plot.bottom + 48, skipped + " " + what + (skipped == 1 ? "" : "s") + " without the numbers to plot left out",
                    "start", "fill=\"#9a6700\" font-size=\"11\"");
        }
    }

    /** Finite numbers only: NaN or infinity cannot be placed. */
    static Double number(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    /** x over round bounds around the data (from 0 when the data starts near it), y (AP50) from 0 to 1, values outside clamped to the frame. */
    private static final class Plot {
        final double left;
        final double top;
        final double right;
        final double bottom;
        final double xMin;
        final double xMax;
        final double xStep;

        Plot(double left, double top, double right, double bottom, double dataMin, double dataMax) {
            this.left = left;
            this.top = top;
            this.right = right;
            this.bottom = bottom;
            double max = dataMax > 0 ? dataMax : 1;
            // start at 0 unless the data sits in the upper half of [0, max]
            double min = dataMin > max / 2 ? dataMin : 0;
            double span = max - min > 0 ? max - min : max * 0.2;
            this.xStep = Svg.niceStep(span, 5);
            this.xMin = Math.floor(min / xStep + 1e-9) * xStep - (max - min > 0 ? 0 : xStep);
            double top0 = Math.ceil(max / xStep - 1e-9) * xStep;
            this.xMax = top0 > xMin ? top0 + (max - min > 0 ? 0 : xStep) : xMin + xStep;
        }

        double x(double v) {
            return left + (right - left) * Math.max(0, Math.min(1, (v - xMin) / (xMax - xMin)));
        }

        double y(double ap) {
            return bottom - (bottom - top) * Math.max(0, Math.min(1, ap));
        }

        void axes(Svg svg, String xTitle, String yTitle) {
            svg.raw("<g class=\"axes\" stroke=\"#d1d9e0\">\n");
            for (int k = 0; k <= 5; k++) {
                double y = y(k / 5.0);
                svg.line(left, y, right, y, k == 0 ? "stroke=\"#59636e\"" : "stroke=\"#d1d9e0\"");
            }
            int ticks = (int) Math.round((xMax - xMin) / xStep);
            for (int k = 0; k <= ticks; k++) {
                double x = x(xMin + k * xStep);
                svg.line(x, top, x, bottom, k == 0 ? "stroke=\"#59636e\"" : "stroke=\"#eaeef2\"");
            }
            svg.raw("</g>\n<g class=\"ticks\" fill=\"#59636e\">\n");
            for (int k = 0; k <= 5; k++) {
                svg.text(left - 8, y(k / 5.0) + 4, Svg.tick(k / 5.0), "end", null);
            }
            for (int k = 0; k <= ticks; k++) {
                svg.text(x(xMin + k * xStep), bottom + 18, Svg.tick(xMin + k * xStep), "middle", null);
            }
            svg.raw("</g>\n");
            svg.text((left + right) / 2, bottom + 36, xTitle, "middle", "font-size=\"13\" fill=\"#1f2328\"");
            svg.text(16, (top + bottom) / 2, yTitle, "middle",
                    "font-size=\"13\" fill=\"#1f2328\" transform=\"rotate(-90 16 " + Svg.n((top + bottom) / 2) + ")\"");
        }
    }
}
