package io.secmlops.engine.io;

/** Escaping for everything the suite writes as markup: HTML reports, SVG charts, Jenkins page fragments. */
public final class Markup {
    private Markup() {
    }

    /**
     * Escapes text for element content and quoted attributes of HTML and XML: {@code & < > " '} become entities;
     * characters XML 1.0 does not allow or browsers treat as controls (C0 controls other than tab and line breaks, C1
     * controls, lone surrogates, U+FFFE and U+FFFF) become U+FFFD. Null becomes "".
     */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)
                            || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
