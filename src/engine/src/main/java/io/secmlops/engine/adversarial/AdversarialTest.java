package io.secmlops.engine.adversarial;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code adversarialTest}, around the detector agent's {@code attack} command, which a front end runs as its own
 * process between the two calls here (the CLI with a ProcessBuilder, the Jenkins step with the node's launcher):
 * <ol>
 * <li>{@link #prepare}: the paths are checked to stay inside the workspace and the previous result is removed, so a
 * run that writes nothing can never be read as the old one;</li>
 * <li>{@link #record}: the result is read and checked, the gate applied on honest rows, and the evidence written
 * (kind {@code adversarialTest}; outputs attack.json and the plots and tables it names).</li>
 * </ol>
 * A problem the agent reports (exit 3: an unknown attack, an op without a gradient, no images) comes back as a
 * {@link SecMlOpsException} carrying the agent's own message and fix; no evidence is written then.
 */
public final class AdversarialTest {
    public static final String KIND = "adversarialTest";
    /** The detector agent's exit codes (detector-agent/README.md). */
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_PROBLEM = 3;

    private final ProgressListener log;

    public AdversarialTest(ProgressListener log) {
        this.log = log;
    }

    /** Checks the request's paths and clears its result folder; returns attack.json's path (absolute). */
    public Path prepare(AdversarialRequest r) throws SecMlOpsException {
        Workspace ws = new Workspace(r.workspace);
        ws.resolveExisting(r.model, "model");
        Path data = ws.resolveExisting(r.data, "data");
        if (r.labels != null && !r.labels.startsWith("builtin:")) {
            ws.resolveExisting(r.labels, "labels");
        }
        if (Files.isDirectory(data)) {
            boolean empty;
            try (Stream<Path> s = Files.list(data)) {
                empty = s.findAny().isEmpty();
            } catch (IOException e) {
                throw new SecMlOpsException("The data folder '" + r.data + "' cannot be listed: " + e.getMessage() + ".",
                        "check its permissions.", e);
            }
            if (empty) {
                throw new SecMlOpsException("The data folder '" + r.data + "' is empty.",
                        "give a folder of evaluation images (and labels: a COCO file naming them), or a COCO annotations file.");
            }
        }
        Path result = ws.resolve(r.resultFile(), "result file");
        Path folder = result.getParent();
        try {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(folder + " is not a folder");
                }
                try (Stream<Path> s = Files.walk(folder)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot clear the detector agent's result folder " + ws.relative(folder) + ": " + e.getMessage() + ".",
                    "check the permissions of " + AdversarialRequest.WORK_FOLDER + " in the workspace, or remove it.", e);
        }
        return result;
    }

    /**
     * Reads the agent's result after it exited with {@code exitCode}, gates it and writes the evidence.
     *
     * @throws SecMlOpsException for a problem the agent reported (its message), a result that is missing, of another
     *         shard or malformed, or a study without images
     */
    public StepResult record(AdversarialRequest r, int exitCode) throws SecMlOpsException {
        Workspace ws = new Workspace(r.workspace);
        Path file = ws.resolve(r.resultFile(), "result file");
        String shown = r.resultFile();
        byte[] bytes = null;
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SecMlOpsException("Cannot read the detector agent's result " + shown + ": " + e.getMessage() + ".",
                        "check the workspace's permissions.", e);
            }
        }
        Map<String, Object> json = bytes == null ? null : AttackResult.readObject(bytes, shown);
        if (exitCode != EXIT_OK || json != null && "error".equals(json.get("status"))) {
            throw agentFailed(exitCode, json, shown);
        }
        if (json == null) {
            throw new SecMlOpsException("The detector agent exited 0 but wrote no result at " + shown + ".",
                    "see its output above; use a detector agent that has the 'attack' command.");
        }
        AttackResult result = AttackResult.of(json, shown);
        if (!result.shard().equals(r.shard())) {
            throw AttackResult.malformed(shown + " covers shard " + result.shard() + ", but shard " + r.shard() + " was asked for");
        }
        if (result.images().isEmpty()) {
            throw new SecMlOpsException("The study covered no images (" + shown + " lists none for shard " + r.shard() + ").",
                    "give data with images" + (r.shard().isWhole() ? "" : ", or fewer shards than images") + ".");
        }
        if (result.cleanAp50() == null) {
            throw new SecMlOpsException("The labels hold no person box for the " + result.images().size()
                    + " image(s) of this run, so AP50 cannot be measured.", "give labels with person boxes for these images.");
        }
        Map<String, Path> rendered = renderedFiles(result, file.getParent(), shown);

        Evidence evidence = Evidence.begin(KIND, r.evidenceName(), r.environment);
        RobustnessGate.Outcome outcome = r.gate().evaluate(result.cleanAp50(), result.rows());
        subjects(evidence, ws, result, r, bytes);
        evidence.parameter("model", r.model).parameter("data", r.data).parameter("labels", r.labels)
                .parameter("attacks", r.attacks.isEmpty() ? null : r.attacks)
                .parameter("epsilons", r.epsilons.isEmpty() ? null : r.epsilons)
                .parameter("defences", r.defences.isEmpty() ? null : r.defences)
                .parameter("objective", r.objective).parameter("steps", r.steps).parameter("seed", r.seed).parameter("threads", r.threads)
                .parameter("shard", r.shard().toString())
                .parameter("minRobustAP50", r.gate().minRobustAP50()).parameter("maxDrop", r.gate().maxDrop())
                .parameter("onFailure", r.gate().onFailure().name().toLowerCase(Locale.ROOT));
        Map<String, Object> j = result.json();
        Map<String, Object> shard = new LinkedHashMap<>();
        shard.put("index", result.shard().index());
        shard.put("count", result.shard().count());
        shard.put("images", result.images().size());
        Map<String, Object> clean = new LinkedHashMap<>(AttackResult.map(j.get("clean")));
        clean.remove("match"); // the match data stay in attack.json, beside the record, for the shard merge
        clean.put("ap50", result.cleanAp50());
        evidence.result("labels", j.get("labels")).result("shard", shard).result("settings", j.get("settings"))
                .result("clean", clean)
                .result("attacks", result.rows().stream().map(row -> withAp(row, RobustnessGate.counted(result.rows()).contains(row))).toList())
                .result("tradeoffs", j.get("tradeoffs"))
                .result("gate", outcome.figures())
                .result("timings", j.get("timings"))
                .result("renderedFiles", List.copyOf(rendered.keySet()));
        evidence.output(AttackResult.FILE, bytes);
        for (Map.Entry<String, Path> e : rendered.entrySet()) {
            try {
                evidence.output(e.getKey(), Files.readAllBytes(e.getValue()));
            } catch (IOException ex) {
                throw new SecMlOpsException("Cannot read " + e.getValue() + ", named in " + shown + ": " + ex.getMessage() + ".",
                        "check the workspace's permissions.", ex);
            }
        }
        evidence.clock().lap("record");
        return evidence.commit(r.outputRoot, outcome.gate(), summary(r, result, outcome));
    }

    /** {@code honest}: the gate counts the row (see {@link RobustnessGate#counted}). */
    private static Map<String, Object> withAp(AttackResult.Row row, boolean honest) {
        Map<String, Object> m = new LinkedHashMap<>(row.fields());
        m.put("ap50", row.ap50());
        m.put("honest", honest);
        return m;
    }

    private static SecMlOpsException agentFailed(int exitCode, Map<String, Object> json, String shown) {
        Object problem = json == null ? null : json.get("problem");
        if (problem instanceof String p && !p.isBlank()) {
            Object fix = json.get("fix");
            // the agent's own words: it knows which names, ops and files are valid
            return new SecMlOpsException("detector-agent attack: " + p.strip(), fix instanceof String f && !f.isBlank() ? f.strip()
                    : "see the detector agent's output above.");
        }
        String fix = "see the detector agent's output above.";
        return switch (exitCode) {
            case EXIT_USAGE -> new SecMlOpsException("detector-agent attack refused its options (exit 2).",
                    fix + " Check the parameters against docs/steps/adversarialTest.md, and that the agent is of this suite's version.");
            case EXIT_PROBLEM -> new SecMlOpsException("detector-agent attack stopped on a problem (exit 3) and wrote no result to "
                    + shown + ".", fix);
            case EXIT_OK -> new SecMlOpsException("detector-agent attack reported status 'error' without a problem in " + shown + ".", fix);
            default -> new SecMlOpsException("detector-agent attack failed (exit " + exitCode + ").", fix
                    + " An internal error of the agent (exit 1) is a bug worth reporting with that output.");
        };
    }

    /** The plots and tables attack.json names: plain files inside its folder (no link leading out), stored by file name. */
    private static Map<String, Path> renderedFiles(AttackResult result, Path folder, String shown) throws SecMlOpsException {
        Map<String, Path> out = new LinkedHashMap<>();
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot resolve " + folder + ": " + e.getMessage() + ".", "check the workspace's permissions.", e);
        }
        for (Map.Entry<String, String> e : result.renderedFiles().entrySet()) {
            Path p = folder.resolve(e.getValue()).normalize();
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean inside = p.startsWith(folder) && !name.isEmpty();
            try {
                inside &= Files.isRegularFile(p) && p.toRealPath().startsWith(real);
            } catch (IOException ex) {
                inside = false;
            }
            if (!inside) {
                throw AttackResult.malformed(shown + " names images." + e.getKey() + " '" + e.getValue()
                        + "', which is not a file beside it in " + AdversarialRequest.WORK_FOLDER);
            }
            if (name.equals(AttackResult.FILE) || name.startsWith("evidence.") || out.containsKey(name)) {
                throw AttackResult.malformed(shown + " names images." + e.getKey() + " '" + e.getValue() + "', whose file name is taken");
            }
            out.put(name, p);
        }
        return out;
    }

    private static void subjects(Evidence evidence, Workspace ws, AttackResult result, AdversarialRequest r, byte[] bytes)
            throws SecMlOpsException {
        // the model as the agent hashed it when it loaded it: what was attacked
        Map<String, Object> files = AttackResult.map(AttackResult.map(result.json().get("model")).get("files"));
        List<String> names = new ArrayList<>(files.keySet());
        names.sort(null);
        int added = 0;
        for (String f : names) {
            if (files.get(f) instanceof String d && d.matches("(sha256:)?[0-9a-f]{64}")) {
                evidence.subject(Subject.sha256(r.model + "/" + f, d.substring(d.length() - 64)));
                added++;
            }
        }
        if (added == 0) {
            evidence.subject(Subject.sha256(r.resultFile(), ParallelHasher.sha256Hex(bytes)));
        }
        // the test set as attacked: the labels and this shard's images, when they are workspace files
        if (r.labels != null && !r.labels.startsWith("builtin:")) {
            digest(evidence, ws, r.labels);
        }
        Path data = ws.root().resolve(r.data).normalize();
        if (Files.isDirectory(data)) {
            for (String image : result.images()) {
                digest(evidence, ws, r.data + "/" + image);
            }
        } else {
            digest(evidence, ws, r.data);
        }
    }

    /** Adds a subject for a workspace file; skips what is not a regular file inside the workspace. */
    private static void digest(Evidence evidence, Workspace ws, String relative) throws SecMlOpsException {
        Path p;
        try {
            p = ws.resolveExisting(relative, "test-set file");
        } catch (SecMlOpsException e) {
            return; // named by the agent but gone or outside: the agent's own digests of the model still stand
        }
        if (!Files.isRegularFile(p)) {
            return;
        }
        try {
            evidence.subject(Subject.sha256(ws.relative(p), ParallelHasher.sha256Hex(Files.readAllBytes(p))));
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read " + relative + " to record its digest: " + e.getMessage() + ".",
                    "check the workspace's permissions.", e);
        }
    }

    private static String summary(AdversarialRequest r, AttackResult result, RobustnessGate.Outcome o) {
        Map<String, Object> f = o.figures();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s '%s': %d image(s)%s; clean AP50 %s; worst honest robust AP50 %s%s -> %s", KIND,
                r.evidenceName(), result.images().size(), r.shard().isWhole() ? "" : " (shard " + r.shard() + ")",
                RobustnessGate.f(result.cleanAp50()),
                f.get("worstRobustAp50") == null ? "none" : RobustnessGate.f((Double) f.get("worstRobustAp50")),
                f.get("worstAttack") == null ? "" : " (" + f.get("worstAttack") + ")",
                o.gate().verdict() == Verdict.PASS ? "PASS" : o.gate().verdict().name()));
        List<AttackResult.Row> counted = RobustnessGate.counted(result.rows());
        for (AttackResult.Row row : result.rows()) {
            lines.add(String.format(Locale.ROOT, "  %-50s AP50 %s%s", row.label(), row.ap50() == null ? "n/a" : RobustnessGate.f(row.ap50()),
                    counted.contains(row) ? "" : "  (not gated: plain attack against a defence, no adaptive attack measured)"));
        }
        return String.join("\n", lines);
    }
}
