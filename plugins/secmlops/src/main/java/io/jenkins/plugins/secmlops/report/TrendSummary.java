package io.jenkins.plugins.secmlops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The few numbers of one build that the job's trend shows, kept in {@code <build>/secmlops/summary.json} (a few hundred
 * bytes) so that drawing the trend reads one small file per build and never the evidence or the report.
 *
 * @param robustAp50        worst AP50 under attack over the build's adversarial tests, or null
 * @param driftShare        largest share of drifted columns over the build's drift gates, or null
 * @param controlsSatisfied controls satisfied in the build's newest compliance report
 * @param controlsTotal     controls in that report
 */
public record TrendSummary(Double robustAp50, Double driftShare, int controlsSatisfied, int controlsTotal) {
    public static final String FILE = "secmlops/summary.json";
    public static final String SCHEMA = "secmlops.buildSummary/v1";
    static final long MAX_BYTES = 64 * 1024;

    /** Computes the summary from the stored evidence (small records only) and the report's control counts. */
    public static TrendSummary compute(EvidenceStore store, int satisfied, int total) throws IOException {
        Double ap50 = null;
        Double drift = null;
        for (Path dir : store.folders()) {
            String folder = dir.getFileName().toString();
            boolean adversarial = folder.matches("\\d+-adversarialTest-.*");
            boolean driftGate = folder.matches("\\d+-driftGate-.*");
            Path record = dir.resolve("evidence.json");
            if (!(adversarial || driftGate) || !Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            JsonNode results = ReportFiles.readJson(record).path("results");
            if (adversarial) {
                for (JsonNode a : results.path("attacks")) {
                    if (a.path("ap50").isNumber()) {
                        ap50 = ap50 == null ? a.path("ap50").asDouble() : Math.min(ap50, a.path("ap50").asDouble());
                    }
                }
            } else if (results.path("shareOfDriftedColumns").isNumber()) {
                double share = results.path("shareOfDriftedColumns").asDouble();
                drift = drift == null ? share : Math.max(drift, share);
            }
        }
        return new TrendSummary(ap50, drift, satisfied, total);
    }

    /** Writes the summary beside the build, replacing an earlier one of the same build whole. */
    public void write(Path buildDir) throws IOException {
        Path target = buildDir.resolve(FILE);
        Files.createDirectories(target.getParent());
        ObjectNode n = ReportFiles.mapper().createObjectNode();
        n.put("schemaVersion", SCHEMA);
        if (robustAp50 != null) {
            n.put("robustAp50", robustAp50);
        }
        if (driftShare != null) {
            n.put("driftShare", driftShare);
        }
        n.put("controlsSatisfied", controlsSatisfied);
        n.put("controlsTotal", controlsTotal);
        Path tmp = Files.createTempFile(target.getParent(), ".summary-", ".tmp");
        Files.write(tmp, ReportFiles.mapper().writeValueAsBytes(n));
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The summary of a build, or null when it has none or it cannot be read. */
    public static TrendSummary read(Path buildDir) {
        Path f = buildDir.resolve(FILE);
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_BYTES) {
                return null;
            }
            JsonNode n = ReportFiles.readJson(f);
            if (!SCHEMA.equals(n.path("schemaVersion").asText())) {
                return null;
            }
            return new TrendSummary(n.path("robustAp50").isNumber() ? n.path("robustAp50").asDouble() : null,
                    n.path("driftShare").isNumber() ? n.path("driftShare").asDouble() : null,
                    n.path("controlsSatisfied").asInt(), n.path("controlsTotal").asInt());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Share of controls satisfied, or null without controls. */
    public Double satisfiedShare() {
        return controlsTotal <= 0 ? null : (double) controlsSatisfied / controlsTotal;
    }
}
