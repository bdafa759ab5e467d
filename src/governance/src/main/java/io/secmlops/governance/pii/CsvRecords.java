package io.secmlops.governance.pii;

import io.secmlops.engine.SecMlOpsException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes); errors name the line, not the text. */
final class CsvRecords {
    private final Reader in;
    private final String file;
    private long line = 1;
    private int peeked = -2;

    CsvRecords(Reader in, String file) {
        this.in = in;
        this.file = file;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    /** The next record, or null at the end. Blank lines are skipped. */
    List<String> next() throws IOException, SecMlOpsException {
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        int c;
        while (true) {
            c = read();
            if (c == -1) {
                if (!any && sb.isEmpty()) {
                    return null;
                }
                fields.add(sb.toString());
                return fields;
            }
            if (c == '"' && sb.isEmpty()) {
                long started = line;
                any = true;
                while (true) {
                    c = read();
                    if (c == -1) {
                        throw new SecMlOpsException("The CSV file '" + file + "' has a quoted field opened on line " + started
                                + " that is never closed.", "close the quote (a quote inside a field is written twice).");
                    }
                    if (c == '\n') {
                        line++;
                    }
                    if (c == '"') {
                        int d = read();
                        if (d != '"') {
                            peeked = d;
                            break;
                        }
                    }
                    sb.append((char) c);
                }
                continue;
            }
            if (c == ',') {
                any = true;
                fields.add(sb.toString());
                sb.setLength(0);
                continue;
            }
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                line++;
                if (!any && sb.isEmpty()) {
                    continue;
                }
                fields.add(sb.toString());
                return fields;
            }
            any = true;
            sb.append((char) c);
        }
    }
}
