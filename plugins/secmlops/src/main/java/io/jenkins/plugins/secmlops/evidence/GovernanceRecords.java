package io.jenkins.plugins.secmlops.evidence;

import hudson.model.Run;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.governance.incident.Incident;
import io.secmlops.governance.metrics.OpenMetricsExport;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What the controller writes beside a build's evidence after each step call: an incident record for each failed gate
 * ({@code secmlops/evidence/incidents/<folder>.json}) and the build's metrics file ({@code secmlops/secmlops.prom}),
 * rewritten each time so that it always covers every record. A problem here is logged and never fails the step: the
 * evidence itself is already stored.
 */
public final class GovernanceRecords {
    /** The metrics file under the build's root folder. */
    public static final String METRICS_FILE = "secmlops/" + OpenMetricsExport.FILE;

    private GovernanceRecords() {
    }

    public static void update(Run<?, ?> run, PrintStream log) {
        Path root = EvidenceStore.of(run).root();
        synchronized (GovernanceRecords.class) {
            try {
                for (Path incident : Incident.writeFor(root)) {
                    SecMlOpsIncidentsAction.attach(run);
                    log.println("SecMLOps: incident record " + EvidenceStore.FOLDER + "/" + Incident.FOLDER + "/"
                            + incident.getFileName());
                }
                OpenMetricsExport.write(root, run.getRootDir().toPath().resolve(METRICS_FILE));
            } catch (SecMlOpsException e) {
                log.println("WARNING: SecMLOps could not write the incident record or metrics file: " + e.oneLine());
            }
        }
    }
}
