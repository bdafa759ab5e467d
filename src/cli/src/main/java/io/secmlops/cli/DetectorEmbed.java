package io.secmlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.Json;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code detector-agent embed} as its own process in the workspace (TensorFlow never loads in this JVM), for
 * {@code secmlops drift --model}: the Jenkins step does the same on its node through DetectorAgentTool.
 */
final class DetectorEmbed {
    private DetectorEmbed() {
    }

    /** Embeds every image of {@code images} into {@code out} (workspace paths); returns {@code out}. */
    static String run(Path agentHome, Path workspace, String model, String images, String out, ProgressListener progress)
            throws SecMlOpsException {
        Workspace ws = new Workspace(workspace);
        ws.resolveExisting(images, "images folder");
        Path outPath = ws.resolve(out, "embeddings output");
        Path home = agentHome != null ? agentHome : Path.of(System.getProperty("secmlops.home", ".")).resolve("detector-agent/target/dist");
        Path launcher = home.toAbsolutePath().resolve("bin/detector-agent");
        if (!Files.isExecutable(launcher)) {
            throw new SecMlOpsException("The detector agent is not built at " + launcher + ", so --model cannot embed the images.",
                    "run 'mvn -pl detector-agent -am package -DskipTests', give --agent-home, or give --embeddings precomputed.");
        }
        List<String> cmd = List.of(launcher.toString(), "embed", "--model", model, "--input", images, "--out", out, "-q");
        progress.progress("driftGate: embedding '" + images + "' with the detector agent (" + model + ")");
        int exit;
        try {
            Files.createDirectories(outPath.getParent());
            Files.deleteIfExists(outPath);
            Process p = new ProcessBuilder(cmd).directory(workspace.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            exit = p.waitFor();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot run the detector agent " + launcher + ": " + e.getMessage() + ".", "check the distribution.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecMlOpsException("Interrupted while embedding '" + images + "'.", "run again.", e);
        }
        if (exit != 0) {
            String problem = "exit code " + exit;
            String fix = "run './secmlops detector embed --model " + model + " --input " + images + "' to see its messages.";
            try {
                JsonNode n = Json.mapper().readTree(Files.readAllBytes(outPath));
                problem = n.path("problem").asText(problem);
                fix = n.path("fix").asText(fix);
            } catch (IOException ignored) {
                // no JSON: keep the exit code
            }
            throw new SecMlOpsException("The detector agent could not embed '" + images + "': " + problem + ".", fix);
        }
        return out;
    }
}
