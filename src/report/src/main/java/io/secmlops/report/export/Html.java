package io.secmlops.report.export;

import java.nio.charset.StandardCharsets;

/** Escaping for HTML text and attributes, and safe link targets. Every value that reaches the HTML goes through here. */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for an HTML element or a quoted attribute: {@code & < > " '} become entities; control
     * characters other than tab and line breaks, and unpaired surrogates, become U+FFFD. Null becomes "".
     */
    public static String escape(Object value) {
        return io.secmlops.engine.io.Markup.escape(value);
    }

    /**
     * A relative link to a file: every path segment percent-encoded (so no segment can start a scheme such as
     * {@code javascript:}), then escaped for an attribute.
     */
    public static String hrefPath(String posixRelativePath) {
        StringBuilder b = new StringBuilder();
        String[] segments = posixRelativePath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            for (byte x : segments[i].getBytes(StandardCharsets.UTF_8)) {
                int c = x & 0xff;
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                    b.append((char) c);
                } else {
                    b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        return escape(b.toString());
    }

    /** An absolute http(s) URL, escaped for an attribute; anything else (e.g. {@code javascript:}) gives null. */
    public static String hrefUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        if (!(lower.startsWith("https://") || lower.startsWith("http://")) || u.chars().anyMatch(ch -> ch <= 0x20)) {
            return null;
        }
        return escape(u);
    }
}
