package io.secmlops.report.catalog;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.Json;
import io.secmlops.report.Kinds;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The built-in catalogues, users' own catalogue files, and the checks every catalogue must pass. */
public final class Catalogs {
    /** The built-in frameworks, in report order. */
    public static final List<String> BUILT_IN = List.of("owasp-ml", "atlas", "nist-ai-rmf", "eu-ai-act", "iso-42001", "stride", "pptgc", "gdpr");
    static final Set<String> VERDICTS = Set.of("PASS", "UNSTABLE", "FAIL");
    static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "exists", "absent");
    static final Set<String> LEVELS = Set.of("error", "warning", "note");
    private static final Pattern FRAMEWORK = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern FIELD = Pattern.compile("(name|kind|verdict|(results|parameters|environment)(\\.[^.\\s]+)+)");

    private Catalogs() {
    }

    /** A built-in catalogue by framework name. */
    public static Catalog builtIn(String framework) throws SecMlOpsException {
        String resource = "/io/secmlops/report/catalogs/" + framework + ".json";
        try (InputStream in = Catalogs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw unknown(framework, List.of());
            }
            return parse(in.readAllBytes(), "built-in catalogue " + framework + ".json");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Reads and checks a catalogue; {@code source} names it in messages. */
    public static Catalog parse(byte[] json, String source) throws SecMlOpsException {
        Catalog c;
        try {
            c = Json.mapper().readValue(json, Catalog.class);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new SecMlOpsException("Catalogue " + source + " is not a valid catalogue: " + msg + ".",
                    "fix the JSON; see src/report/README.md for the catalogue format.", e);
        }
        check(c, source);
        return c;
    }

    /**
     * The catalogues to report on: the named built-in frameworks (all when none is named) and every user catalogue.
     * A name matching a user catalogue's framework selects it too.
     */
    public static List<Catalog> select(List<String> frameworks, List<Catalog> userCatalogs) throws SecMlOpsException {
        Map<String, Catalog> user = new LinkedHashMap<>();
        for (Catalog c : userCatalogs) {
            if (BUILT_IN.contains(c.framework()) || user.containsKey(c.framework())) {
                throw new SecMlOpsException("Two catalogues define the framework '" + c.framework() + "'.",
                        "give your catalogue its own framework name (built in: " + String.join(", ", BUILT_IN) + ").");
            }
            user.put(c.framework(), c);
        }
        List<String> names = new ArrayList<>();
        for (String f : frameworks == null ? List.<String>of() : frameworks) {
            String n = f == null ? "" : f.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            if (!BUILT_IN.contains(n) && !user.containsKey(n)) {
                throw unknown(f, new ArrayList<>(user.keySet()));
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            names.addAll(BUILT_IN);
        }
        List<Catalog> out = new ArrayList<>();
        for (String n : names) {
            if (BUILT_IN.contains(n)) {
                out.add(builtIn(n));
            }
        }
        out.addAll(user.values());
        return out;
    }

    private static SecMlOpsException unknown(String name, List<String> user) {
        List<String> valid = new ArrayList<>(BUILT_IN);
        valid.addAll(user);
        return new SecMlOpsException("Unknown framework '" + name + "'.", "use one or more of: " + String.join(", ", valid) + ".");
    }

    /** Every rule a catalogue must obey; the first violation is thrown naming the control. */
    static void check(Catalog c, String source) throws SecMlOpsException {
        String fix = "fix the catalogue; see src/report/README.md for the format.";
        if (c == null || !Catalog.SCHEMA_VERSION.equals(c.schemaVersion())) {
            throw new SecMlOpsException("Catalogue " + source + " has schemaVersion "
                    + (c == null ? "none" : "'" + c.schemaVersion() + "'") + ", expected '" + Catalog.SCHEMA_VERSION + "'.", fix);
        }
        if (c.framework() == null || !FRAMEWORK.matcher(c.framework()).matches()) {
            throw new SecMlOpsException("Catalogue " + source + " has framework name '" + c.framework()
                    + "'; use lower-case letters, digits and '-'.", fix);
        }
        for (String[] f : new String[][] {{"title", c.title()}, {"version", c.version()}, {"source", c.source()}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new SecMlOpsException("Catalogue " + source + " lacks '" + f[0] + "'.", "state the framework's " + f[0] + ".");
            }
        }
        if (c.controls().isEmpty()) {
            throw new SecMlOpsException("Catalogue " + source + " has no controls.", fix);
        }
        Set<String> ids = new HashSet<>();
        for (Control k : c.controls()) {
            if (k == null || k.id() == null || k.id().isBlank() || k.title() == null || k.title().isBlank()) {
                throw new SecMlOpsException("Catalogue " + source + " has a control without id or title.", fix);
            }
            String where = "Catalogue " + source + ", control '" + k.id() + "'";
            if (!ids.add(k.id())) {
                throw new SecMlOpsException(where + " is defined twice.", "give every control a unique id.");
            }
            if (k.severity() != null && !LEVELS.contains(k.severity())) {
                throw new SecMlOpsException(where + " has severity '" + k.severity() + "'.", "use error, warning or note.");
            }
            for (Rule r : k.rules()) {
                checkRule(r, where, fix);
            }
        }
    }

    private static void checkRule(Rule r, String where, String fix) throws SecMlOpsException {
        if (r == null || r.level() == null || !(Rule.FULL.equals(r.level()) || Rule.PARTIAL.equals(r.level()))) {
            throw new SecMlOpsException(where + " has a rule whose level is not 'full' or 'partial'.", fix);
        }
        if (r.kind() == null || !(Kinds.ANY.equals(r.kind()) || Kinds.known(r.kind()))) {
            throw new SecMlOpsException(where + " names evidence kind '" + r.kind() + "', which no step writes.",
                    "use one of " + String.join(", ", Kinds.KNOWN) + " or '*'.");
        }
        for (String v : r.verdicts()) {
            if (!VERDICTS.contains(v)) {
                throw new SecMlOpsException(where + " names verdict '" + v + "'.", "use PASS, UNSTABLE or FAIL.");
            }
        }
        for (Condition cond : r.where()) {
            if (cond == null || cond.field() == null || !FIELD.matcher(cond.field()).matches()) {
                throw new SecMlOpsException(where + " has a condition on field '" + (cond == null ? null : cond.field()) + "'.",
                        "name a field as results.x, parameters.x, environment.x, name, kind or verdict.");
            }
            if (cond.op() == null || !OPS.contains(cond.op())) {
                throw new SecMlOpsException(where + " has a condition with operator '" + cond.op() + "'.",
                        "use one of " + String.join(", ", new java.util.TreeSet<>(OPS)) + ".");
            }
            boolean unary = "exists".equals(cond.op()) || "absent".equals(cond.op());
            if (!unary && cond.value() == null) {
                throw new SecMlOpsException(where + " compares field '" + cond.field() + "' with nothing.", "give a value.");
            }
            if (Set.of("gt", "gte", "lt", "lte").contains(cond.op()) && !(cond.value() instanceof Number)) {
                throw new SecMlOpsException(where + " compares field '" + cond.field() + "' with a non-number by '" + cond.op() + "'.",
                        "compare with a number.");
            }
        }
    }
}
