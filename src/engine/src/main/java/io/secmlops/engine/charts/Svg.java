package io.secmlops.engine.charts;

import java.util.Locale;

/** A small SVG writer: escaped text, fixed-precision coordinates (so the same chart gives the same bytes), shared axes. */
final class Svg {
    static final String NS = "http://www.w3.org/2000/svg";
    static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
    static final String[] PALETTE = {"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#bc4c00", "#6e7781", "#e85aad",
        "#4d2d00"};

    private final StringBuilder b = new StringBuilder(8192);

    Svg(int width, int height, String title) {
        b.append("<svg xmlns=\"").append(NS).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" font-family=\"").append(FONT)
                .append("\" font-size=\"12\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>\n");
        text(16, 24, title, "start", "font-size=\"15\" font-weight=\"600\" fill=\"#1f2328\"");
    }

    Svg raw(String s) {
        b.append(s);
        return this;
    }

    /** Text at (x, y), anchored start, middle or end; {@code attrs} are trusted constants. */
    Svg text(double x, double y, String text, String anchor, String attrs) {
        b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor).append('"');
        if (attrs != null && !attrs.isEmpty()) {
            b.append(' ').append(attrs);
        }
        b.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String attrs) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2)).append("\" y2=\"")
                .append(n(y2)).append("\" ").append(attrs).append("/>\n");
        return this;
    }

    String end() {
        return b.append("</svg>\n").toString();
    }

    /** A chart with nothing to draw: the title and one line saying why. */
    static String noData(int width, int height, String title, String why) {
        Svg s = new Svg(width, height, title);
        s.raw("<g class=\"no-data\">\n");
        s.text(width / 2.0, height / 2.0, why, "middle", "font-size=\"14\" fill=\"#59636e\"");
        s.raw("</g>\n");
        return s.end();
    }

    static String n(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** A tick label: up to 3 decimals, trailing zeros dropped. */
    static String tick(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    /** A step of 1, 2 or 5 times a power of ten, giving about {@code count} ticks up to {@code max}. */
    static double niceStep(double max, int count) {
        double raw = max / count;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /**
     * Escapes text for XML content and quoted attributes: {@code & < > " '} become entities; characters XML 1.0 does
     * not allow (controls other than tab and line breaks, lone surrogates) become U+FFFD. Null becomes "".
     */
    static String escape(Object value) {
        return io.secmlops.engine.io.Markup.escape(value);
    }

    /** At most {@code max} characters, an ellipsis marking the cut. */
    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
