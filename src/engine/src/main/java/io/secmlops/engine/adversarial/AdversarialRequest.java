package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.gate.OnFailure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of one {@code adversarialTest} run, checked when built: ε in 1/255 units from 0 to 255, a valid
 * shard, thresholds in [0, 1], a known objective. Names of attacks and defences are the detector agent's vocabulary;
 * it checks them and its message (listing the valid ones) is passed through. Paths stay strings relative to the
 * workspace until {@link AdversarialTest} resolves them on the node that holds it.
 */
public final class AdversarialRequest {
    public static final String DEFAULT_NAME = "adversarial";
    public static final Set<String> OBJECTIVES = Set.of("vanishing", "untargeted");
    /** Where the detector agent writes its result, below the workspace; one folder per evidence name. */
    public static final String WORK_FOLDER = ".secmlops/adversarial";

    final Path workspace;
    final String name;
    final String model;
    final String data;
    final String labels;
    final List<String> attacks;
    final List<Double> epsilons;
    final List<String> defences;
    final String objective;
    final Integer steps;
    final Integer maxImages;
    final Long seed;
    final Integer threads;
    final ShardSpec shard;
    final RobustnessGate gate;
    final Path outputRoot;
    final RunEnvironment environment;

    private AdversarialRequest(Builder b) throws SecMlOpsException {
        workspace = b.workspace.toAbsolutePath().normalize();
        name = b.name == null || b.name.isBlank() ? DEFAULT_NAME : b.name.trim();
        if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new SecMlOpsException("Parameter name is '" + name + "'.", "use letters, digits, '.', '_' or '-' (at most 100), e.g. 'pds'.");
        }
        model = required(b.model, "model", "the detector model: a SavedModel folder or a TFJS model.json (workspace path), e.g. 'models/pds'");
        data = required(b.data, "data", "the evaluation images: a folder or a COCO annotations file (workspace path), e.g. 'data/pds-val'");
        labels = b.labels == null || b.labels.isBlank() ? null : b.labels.trim();
        attacks = names(b.attacks, "attacks", "e.g. ['fgsm', 'pgd-linf']");
        defences = names(b.defences, "defences", "e.g. ['jpeg', 'median'], or ['none']");
        epsilons = epsilons(b.epsilons);
        objective = b.objective == null || b.objective.isBlank() ? null : b.objective.trim().toLowerCase(Locale.ROOT);
        if (objective != null && !OBJECTIVES.contains(objective)) {
            throw new SecMlOpsException("Parameter objective is '" + b.objective + "'.", "use 'vanishing' (suppress person detections) or "
                    + "'untargeted' (maximise the detection loss against the reference labels).");
        }
        if (b.steps != null && (b.steps < 0 || b.steps > 10_000)) {
            throw new SecMlOpsException("Parameter steps is " + b.steps + ".", "give the PGD step count, 0 to 10000 (e.g. 10).");
        }
        if (b.threads != null && (b.threads < 1 || b.threads > 1024)) {
            throw new SecMlOpsException("Parameter threads is " + b.threads + ".",
                    "give a fixed thread count of 1 or more (the same seed and threads give the same numbers).");
        }
        steps = b.steps;
        if (b.maxImages != null && b.maxImages < 0) {
            throw new SecMlOpsException("Parameter maxImages is " + b.maxImages + ".", "give how many images to study, 1 or more, or 0 (the default) for all.");
        }
        maxImages = b.maxImages;
        threads = b.threads;
        seed = b.seed;
        shard = ShardSpec.parse(b.shard);
        gate = new RobustnessGate(share(b.minRobustAP50, "minRobustAP50"), share(b.maxDrop, "maxDrop"),
                OnFailure.parse(b.onFailure, "onFailure"));
        outputRoot = b.outputRoot != null ? b.outputRoot : workspace.resolve(".secmlops/evidence");
        environment = b.environment != null ? b.environment : RunEnvironment.commandLine();
    }

    private static String required(String v, String parameter, String what) throws SecMlOpsException {
        if (v == null || v.isBlank()) {
            throw new SecMlOpsException("Parameter " + parameter + " is missing.", "give " + parameter + ": " + what + ".");
        }
        return v.trim();
    }

    private static List<String> names(List<String> given, String parameter, String example) throws SecMlOpsException {
        List<String> out = new ArrayList<>();
        for (String s : given == null ? List.<String>of() : given) {
            if (s == null || s.isBlank()) {
                continue;
            }
            String n = s.trim();
            // the list reaches the detector agent comma-separated: a comma or space would split one name into two
            if (!n.matches("[A-Za-z0-9._:+-]+")) {
                throw new SecMlOpsException("Parameter " + parameter + " has the entry '" + s + "'.",
                        "give one name per list entry, without commas or spaces, " + example + ".");
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private static List<Double> epsilons(List<? extends Number> given) throws SecMlOpsException {
        List<Double> out = new ArrayList<>();
        for (Number n : given == null ? List.<Number>of() : given) {
            double v = n == null ? Double.NaN : n.doubleValue();
            if (Double.isNaN(v) || v < 0 || v > 255) {
                String why = n == null || Double.isNaN(v) ? "is not a number" : v < 0 ? "is negative" : "is above 255, outside the pixel range";
                throw new SecMlOpsException("Parameter epsilons has " + n + ", which " + why + ".",
                        "give budgets in 1/255 units from 0 to 255, e.g. epsilons: [1, 2, 4, 8] for 1/255 to 8/255.");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static Double share(Double v, String parameter) throws SecMlOpsException {
        if (v != null && !(v >= 0 && v <= 1)) {
            throw new SecMlOpsException("Parameter " + parameter + " is " + v + ".", "give an AP50 value from 0 to 1, e.g. " + parameter
                    + ": " + ("maxDrop".equals(parameter) ? "0.2" : "0.5") + ".");
        }
        return v;
    }

    public static Builder builder(Path workspace) {
        return new Builder(workspace);
    }

    /** The evidence name: the step's name, with {@code -shard-IofN} for a shard. */
    public String evidenceName() {
        return name + shard.nameSuffix();
    }

    /** Where the detector agent writes attack.json, relative to the workspace. */
    public String resultFile() {
        return WORK_FOLDER + "/" + Evidence.folderName(AdversarialTest.KIND, evidenceName()) + "/" + AttackResult.FILE;
    }

    public ShardSpec shard() {
        return shard;
    }

    public RobustnessGate gate() {
        return gate;
    }

    /**
     * The detector agent's arguments for this run: {@code attack} and its options, with the result going to
     * {@link #resultFile()}. The agent runs with the workspace as its working folder. Options left unset keep the
     * agent's defaults.
     */
    public List<String> agentArguments() {
        List<String> a = new ArrayList<>(List.of("attack", "--model", model, "--data", data));
        if (labels != null) {
            a.addAll(List.of("--labels", labels));
        }
        if (!attacks.isEmpty()) {
            a.addAll(List.of("--attacks", String.join(",", attacks)));
        }
        if (!epsilons.isEmpty()) {
            a.addAll(List.of("--epsilons", String.join(",", epsilons.stream().map(AdversarialRequest::format).toList())));
        }
        if (!defences.isEmpty()) {
            a.addAll(List.of("--defences", String.join(",", defences)));
        }
        if (objective != null) {
            a.addAll(List.of("--objective", objective));
        }
        // the agent's own default is a quick look at 8 images; a pipeline studies all of them unless told otherwise
        a.addAll(List.of("--max-images", String.valueOf(maxImages == null ? 0 : maxImages)));
        if (steps != null) {
            a.addAll(List.of("--steps", String.valueOf(steps)));
        }
        if (seed != null) {
            a.addAll(List.of("--seed", String.valueOf(seed)));
        }
        if (threads != null) {
            a.addAll(List.of("--threads", String.valueOf(threads)));
        }
        a.addAll(List.of("--shard", shard.toString(), "--out", resultFile()));
        return a;
    }

    /** {@code 8} for 8.0, {@code 0.5} for 0.5. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    public static final class Builder {
        private final Path workspace;
        private String name;
        private String model;
        private String data;
        private String labels;
        private List<String> attacks;
        private List<? extends Number> epsilons;
        private List<String> defences;
        private String objective;
        private Integer steps;
        private Integer maxImages;
        private Long seed;
        private Integer threads;
        private String shard;
        private Double minRobustAP50;
        private Double maxDrop;
        private String onFailure;
        private Path outputRoot;
        private RunEnvironment environment;

        private Builder(Path workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** The study's name in evidence (default 'adversarial'); shards get {@code -shard-IofN} appended. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** The model: a SavedModel folder or a TFJS model.json (workspace path). */
        public Builder model(String v) {
            model = v;
            return this;
        }

        /** The images: a folder, or a COCO annotations file whose ground truth is the reference (workspace path). */
        public Builder data(String v) {
            data = v;
            return this;
        }

        /** COCO annotations to measure AP50 against (workspace path), or {@code builtin:NAME}; default: the agent's. */
        public Builder labels(String v) {
            labels = v;
            return this;
        }

        /** Attack names (the detector agent's; default: its set). */
        public Builder attacks(List<String> v) {
            attacks = v;
            return this;
        }

        /** Budgets in 1/255 units, 0 to 255 (default: the agent's 1, 2, 4, 8). */
        public Builder epsilons(List<? extends Number> v) {
            epsilons = v;
            return this;
        }

        /** Defence names, or {@code none} (default: every defence the agent has). */
        public Builder defences(List<String> v) {
            defences = v;
            return this;
        }

        /** vanishing or untargeted (default: the agent's, vanishing). */
        public Builder objective(String v) {
            objective = v;
            return this;
        }

        /** The first N images only (taken before sharding), e.g. for a quick demo; 0 or null: all. */
        public Builder maxImages(Integer v) {
            maxImages = v;
            return this;
        }

        public Builder steps(Integer v) {
            steps = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder threads(Integer v) {
            threads = v;
            return this;
        }

        /** {@code I/N}: the I-th of N contiguous blocks of the images (default 1/1). */
        public Builder shard(String v) {
            shard = v;
            return this;
        }

        public Builder minRobustAP50(Double v) {
            minRobustAP50 = v;
            return this;
        }

        public Builder maxDrop(Double v) {
            maxDrop = v;
            return this;
        }

        /** fail (default) or unstable. */
        public Builder onFailure(String v) {
            onFailure = v;
            return this;
        }

        public Builder outputRoot(Path v) {
            outputRoot = v;
            return this;
        }

        public Builder environment(RunEnvironment v) {
            environment = v;
            return this;
        }

        /** The checked request; a bad parameter is a {@link SecMlOpsException} naming it and the fix. */
        public AdversarialRequest build() throws SecMlOpsException {
            return new AdversarialRequest(this);
        }
    }
}
