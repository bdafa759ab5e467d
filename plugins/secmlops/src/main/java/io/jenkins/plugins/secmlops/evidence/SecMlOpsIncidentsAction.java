package io.jenkins.plugins.secmlops.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Run;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secmlops.governance.incident.Incident;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jenkins.model.RunAction2;

/**
 * The build's incident records, shown in its summary (no page or sidebar link of its own): each failed gate with its
 * reasons and the suggested next action. Holds no data; the records are read from
 * {@code secmlops/evidence/incidents/} whenever the build page is drawn.
 */
public final class SecMlOpsIncidentsAction implements RunAction2 {
    private static final Object LOCK = new Object();
    private static final ObjectMapper JSON = new ObjectMapper();

    private transient Run<?, ?> run;

    public SecMlOpsIncidentsAction(Run<?, ?> run) {
        this.run = run;
    }

    /** Adds the action once per build. */
    public static void attach(Run<?, ?> run) {
        synchronized (LOCK) {
            if (run.getAction(SecMlOpsIncidentsAction.class) == null) {
                run.addAction(new SecMlOpsIncidentsAction(run));
            }
        }
    }

    /** One incident as the summary shows it; every field is text, escaped by the view. */
    public record View(String step, String kind, String name, List<String> reasons, String suggestedAction) {
        public String getStep() {
            return step;
        }

        public String getKind() {
            return kind;
        }

        public String getName() {
            return name;
        }

        public List<String> getReasons() {
            return reasons;
        }

        public String getSuggestedAction() {
            return suggestedAction;
        }
    }

    /** The build's incidents, in step order; an unreadable file is shown as such. */
    public List<View> getIncidents() {
        if (run == null) {
            return List.of();
        }
        Path dir = EvidenceStore.of(run).root().resolve(Incident.FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<View> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String step = p.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    JsonNode n = JSON.readTree(p.toFile());
                    List<String> reasons = new ArrayList<>();
                    n.path("reasons").forEach(r -> reasons.add(r.asText()));
                    out.add(new View(step, n.path("kind").asText(), n.path("name").asText(), reasons,
                            n.path("suggestedAction").asText()));
                } catch (IOException e) {
                    out.add(new View(step, "unreadable", step, List.of("the incident record cannot be read"), ""));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "SecMLOps incidents";
    }

    @Override
    public String getUrlName() {
        return null;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}
