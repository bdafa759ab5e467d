package io.jenkins.plugins.secmlops.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One compliance report as the detail page shows it, read from {@code report.json} and the stored evidence when the
 * page is drawn and dropped afterwards. Every getter returns plain text; Jelly escapes it.
 */
public final class ReportView {
    static final int MAX_LIST = 100;
    /** Larger diff files are not read for the page; the HTML report and the file itself have them. */
    static final long MAX_DIFF_BYTES = 1 << 20;

    private final ComplianceReportAction.Entry entry;
    private final String generatedAt;
    private final String error;
    private final List<Framework> frameworks;
    private final List<Step> steps;
    private final List<String> warnings;

    private ReportView(ComplianceReportAction.Entry entry, String generatedAt, String error, List<Framework> frameworks,
                       List<Step> steps, List<String> warnings) {
        this.entry = entry;
        this.generatedAt = generatedAt;
        this.error = error;
        this.frameworks = frameworks;
        this.steps = steps;
        this.warnings = warnings;
    }

    public static ReportView read(Path root, ComplianceReportAction.Entry entry) {
        Path dir = root.resolve(entry.getFolder());
        try {
            JsonNode report = ReportFiles.readJson(dir.resolve(ReportFiles.JSON));
            List<Framework> frameworks = new ArrayList<>();
            for (JsonNode f : report.path("frameworks")) {
                List<Control> controls = new ArrayList<>();
                for (JsonNode c : f.path("controls")) {
                    List<String> ev = new ArrayList<>();
                    c.path("evidence").forEach(e -> ev.add(e.asText()));
                    controls.add(new Control(c.path("id").asText(), c.path("title").asText(), c.path("status").asText(),
                            c.path("explanation").asText(), ev));
                }
                frameworks.add(new Framework(f.path("title").asText(f.path("framework").asText()),
                        f.path("version").asText(), controls));
            }
            List<Step> steps = new ArrayList<>();
            for (JsonNode r : report.path("evidence").path("records")) {
                steps.add(step(root, r));
            }
            List<String> warnings = new ArrayList<>();
            report.path("evidence").path("warnings").forEach(w -> warnings.add(w.asText()));
            return new ReportView(entry, report.path("generatedAt").asText(), null, frameworks, steps, warnings);
        } catch (IOException | RuntimeException e) {
            return new ReportView(entry, "", "Cannot read " + entry.getFolder() + "/" + ReportFiles.JSON + ": "
                    + e.getClass().getSimpleName(), List.of(), List.of(), List.of());
        }
    }

    private static Step step(Path root, JsonNode r) {
        String path = r.path("path").asText();
        String folder = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
        List<String> reasons = new ArrayList<>();
        r.path("reasons").forEach(x -> reasons.add(x.asText()));
        String kind = r.path("kind").asText();
        List<String> images = new ArrayList<>();
        Diff diff = null;
        if (EvidenceStore.isSafeName(folder) && Files.isDirectory(root.resolve(folder), LinkOption.NOFOLLOW_LINKS)) {
            Path dir = root.resolve(folder);
            images = images(dir);
            if ("dataProvenance".equals(kind)) {
                diff = diff(dir);
            }
        } else {
            folder = null;
        }
        return new Step(folder, kind, r.path("name").asText(), r.path("verdict").asText(), reasons,
                r.path("signature").asText(), images, diff);
    }

    /** PNG and SVG outputs of a step (the adversarial test's ε-curve and Pareto plot), by stored file name. */
    static List<String> images(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(EvidenceStore::isSafeName)
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".png") || n.toLowerCase(Locale.ROOT).endsWith(".svg"))
                    .filter(n -> Files.isRegularFile(dir.resolve(n), LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The provenance diff of a dataProvenance record: from diff.json when small enough, else from the record. */
    static Diff diff(Path dir) {
        try {
            JsonNode results = ReportFiles.readJson(dir.resolve("evidence.json")).path("results");
            JsonNode verification = results.path("verification");
            JsonNode summary = verification.isObject() ? verification.path("differences") : results.path("diff");
            String against = verification.isObject() ? "pinned " + verification.path("pinned").asText()
                    : "baseline " + results.path("diff").path("baseline").asText();
            if (!verification.isObject() && !results.path("diff").isObject()) {
                return null;
            }
            List<String> added = strings(summary.path("addedFiles"));
            List<String> removed = strings(summary.path("removedFiles"));
            List<String> changed = strings(summary.path("changedFiles"));
            Path full = dir.resolve("diff.json");
            if (Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS) && Files.size(full) <= MAX_DIFF_BYTES) {
                JsonNode d = ReportFiles.readJson(full);
                added = d.has("added") ? strings(d.path("added")) : added;
                removed = d.has("removed") ? strings(d.path("removed")) : removed;
                changed = d.has("changed") ? strings(d.path("changed")) : changed;
            }
            return new Diff(against, added, removed, changed);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (out.size() == MAX_LIST) {
                out.add("… and " + (n.size() - MAX_LIST) + " more");
                break;
            }
            out.add(x.isTextual() ? x.asText() : x.path("path").asText(x.toString()));
        }
        return out;
    }

    public ComplianceReportAction.Entry getEntry() {
        return entry;
    }

    public String getGeneratedAt() {
        return generatedAt;
    }

    public String getError() {
        return error;
    }

    public List<Framework> getFrameworks() {
        return frameworks;
    }

    public List<Step> getSteps() {
        return steps;
    }

    public List<String> getWarnings() {
        return warnings;
    }

    /** The export files, for download links: the five formats and the envelope when signed. */
    public List<String> getDownloads() {
        List<String> d = new ArrayList<>(ReportFiles.FORMATS.values());
        if (entry.getSignedWith() != null) {
            d.add(ReportFiles.ENVELOPE);
        }
        return d;
    }

    public record Framework(String title, String version, List<Control> controls) {
        public String getTitle() {
            return title;
        }

        public String getVersion() {
            return version;
        }

        public List<Control> getControls() {
            return controls;
        }
    }

    public record Control(String id, String title, String status, String explanation, List<String> evidence) {
        public String getId() {
            return id;
        }

        public String getTitle() {
            return title;
        }

        /** satisfied, partly, not-satisfied or not-assessed. */
        public String getStatus() {
            return status;
        }

        public String getExplanation() {
            return explanation;
        }

        public List<String> getEvidence() {
            return evidence;
        }
    }

    /**
     * One evidence record of the report.
     *
     * @param folder the stored folder (for image links), or null when the report names none that exists
     */
    public record Step(String folder, String kind, String name, String verdict, List<String> reasons, String signature,
                       List<String> images, Diff diff) {
        public String getFolder() {
            return folder;
        }

        public String getKind() {
            return kind;
        }

        public String getName() {
            return name;
        }

        public String getVerdict() {
            return verdict;
        }

        public List<String> getReasons() {
            return reasons;
        }

        public String getSignature() {
            return signature;
        }

        public List<String> getImages() {
            return images;
        }

        public Diff getDiff() {
            return diff;
        }
    }

    public record Diff(String against, List<String> added, List<String> removed, List<String> changed) {
        public String getAgainst() {
            return against;
        }

        public List<String> getAdded() {
            return added;
        }

        public List<String> getRemoved() {
            return removed;
        }

        public List<String> getChanged() {
            return changed;
        }
    }
}
