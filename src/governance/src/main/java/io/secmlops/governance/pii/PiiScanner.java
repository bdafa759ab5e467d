package io.secmlops.governance.pii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.secmlops.engine.SecMlOpsException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads CSV, JSON Lines and metadata files (JSON, YAML, plain text) and counts personal data per column into
 * {@link PiiCounts}. Columns are CSV headers, JSON key paths ({@code user.contact.email}, arrays as {@code []}), or
 * {@code (text)} for plain text. A header or key that itself looks like personal data (a CSV without a header row) is
 * replaced by its position, so that no label can carry a value either.
 *
 * <p>Error messages name the file and line and never quote the content: parser messages are not passed on.
 */
public final class PiiScanner {
    /** Headers (lower case, letters and digits only) whose non-empty cells are free-text person names. */
    static final Set<String> NAME_HEADERS = Set.of("name", "fullname", "firstname", "lastname", "surname", "givenname",
            "forename", "familyname", "middlename", "maidenname", "customername", "patientname", "contactname",
            "personname", "displayname", "employeename", "drivername", "ownername", "firstnames", "lastnames");

    public enum Format {
        CSV, JSONL, JSON, YAML, TEXT;

        /** The format from the file name, or null when the scan does not read this kind of file. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
                return JSONL;
            }
            if (n.endsWith(".json")) {
                return JSON;
            }
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                return YAML;
            }
            if (n.endsWith(".txt") || n.endsWith(".md")) {
                return TEXT;
            }
            return null;
        }
    }

    private final Set<String> ignoredColumns;
    private final PiiCounts counts = new PiiCounts();
    // in metadata documents a plain 'name' is the data set's or model's name, not a person's
    private boolean metadata;

    /** @param ignoredColumns column labels declared not personal (e.g. a camera's fixed IP); recorded by the caller */
    public PiiScanner(Set<String> ignoredColumns) {
        this.ignoredColumns = Set.copyOf(ignoredColumns);
    }

    public PiiCounts counts() {
        return counts;
    }

    /** Scans one file; {@code label} is how evidence names it (its workspace path). */
    public void scan(Path file, String label, Format format) throws SecMlOpsException {
        counts.file(label);
        metadata = format == Format.JSON || format == Format.YAML;
        try (Reader in = utf8(file)) {
            switch (format) {
                case CSV -> csv(in, label);
                case JSONL -> jsonLines(new BufferedReader(in), label);
                case JSON -> json(in, label, new JsonFactory(), false);
                case YAML -> json(in, label, YAMLFactory.builder().build(), false);
                case TEXT -> text(new BufferedReader(in), label);
                default -> throw new IllegalStateException(format.name());
            }
        } catch (CharacterCodingException e) {
            throw new SecMlOpsException("The file '" + label + "' is not UTF-8 text.",
                    "convert it to UTF-8, or leave it out of the scan.", e);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read '" + label + "': " + e.getClass().getSimpleName() + ".",
                    "check that the file exists and is readable.");
        }
    }

    private static Reader utf8(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private void cell(String file, String column, CharSequence value) {
        if (ignoredColumns.contains(column)) {
            return;
        }
        Set<PiiPattern> found = PiiDetector.detect(value);
        if (value.length() > 0 && isNameColumn(column, metadata) && looksLikeAName(value.toString())) {
            found = found.isEmpty() ? EnumSet.of(PiiPattern.PERSON_NAME) : EnumSet.copyOf(found);
            found.add(PiiPattern.PERSON_NAME);
        }
        counts.cell(file, column, found);
    }

    private static final Set<String> PLACEHOLDERS = Set.of("redacted", "anonymous", "anonymised", "anonymized", "unknown",
            "none", "null", "nan", "n/a", "na", "removed", "masked", "withheld", "hidden", "-");

    /**
     * A name cell counts when it could be a person's name: it has a letter and no digit (pseudonyms such as
     * {@code user_4711} and hashes have digits), it is not a placeholder ({@code REDACTED}, {@code n/a}) and not one
     * character repeated ({@code ****}, {@code XXXX}).
     */
    static boolean looksLikeAName(String v) {
        String t = v.trim();
        if (t.isEmpty() || t.chars().noneMatch(Character::isLetter) || t.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.contains(lower) || lower.chars().distinct().count() == 1) {
            return false;
        }
        return !(lower.startsWith("[") && lower.endsWith("]")) && !(lower.startsWith("<") && lower.endsWith(">"));
    }

    static boolean isNameColumn(String column, boolean metadata) {
        String last = column.substring(column.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return NAME_HEADERS.contains(last) && !(metadata && last.equals("name"));
    }

    private void csv(Reader in, String file) throws IOException, SecMlOpsException {
        CsvRecords records = new CsvRecords(new BufferedReader(in, 1 << 16), file);
        List<String> header = records.next();
        if (header == null) {
            return;
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).trim();
            boolean personal = !PiiDetector.detect(h).isEmpty();
            if (personal) {
                // no header row: the first row is data, so count it and name its columns by position
                counts.cell(file, "column " + (i + 1), PiiDetector.detect(h));
            }
            columns.add(personal || h.isEmpty() ? "column " + (i + 1) : h);
        }
        List<String> row;
        while ((row = records.next()) != null) {
            for (int i = 0; i < row.size(); i++) {
                cell(file, i < columns.size() ? columns.get(i) : "column " + (i + 1), row.get(i));
            }
        }
    }

    private void jsonLines(BufferedReader in, String file) throws IOException, SecMlOpsException {
        JsonFactory factory = new JsonFactory();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (!line.isBlank()) {
                try (JsonParser p = factory.createParser(line)) {
                    walk(p, file, n);
                }
            }
        }
    }

    private void json(Reader in, String file, JsonFactory factory, boolean lines) throws IOException, SecMlOpsException {
        try (JsonParser p = factory.createParser(in)) {
            walk(p, file, 0);
        }
    }

    /** Every scalar value, under the path of its keys. {@code line} > 0 names the JSON Lines line in errors. */
    private void walk(JsonParser p, String file, int line) throws IOException, SecMlOpsException {
        try {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t.isScalarValue()) {
                    cell(file, path(p.getParsingContext()), p.getText());
                } else if (t == JsonToken.FIELD_NAME && !PiiDetector.detect(p.currentName()).isEmpty()) {
                    counts.cell(file, path(p.getParsingContext().getParent()) + "(key)", PiiDetector.detect(p.currentName()));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long where = line > 0 ? line : at == null ? -1 : at.getLineNr();
            // the parser's own message may quote the content; only the position is passed on
            throw new SecMlOpsException("The file '" + file + "' is not valid " + (line > 0 ? "JSON Lines" : "JSON/YAML")
                    + (where > 0 ? " at line " + where : "") + ".",
                    "fix the syntax there (a text editor shows the line), or leave the file out of the scan.");
        }
    }

    /** The key path of a value: object keys joined by '.', arrays as '[]'; a key that looks personal is '*'. */
    private static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[]");
            } else if (c.getCurrentName() != null) {
                String key = c.getCurrentName();
                parts.add(0, PiiDetector.detect(key).isEmpty() ? key : "*");
            }
        }
        String s = String.join(".", parts).replace(".[]", "[]");
        return s.isEmpty() ? "(value)" : s;
    }

    private void text(BufferedReader in, String file) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            cell(file, "(text)", line);
        }
    }
}
