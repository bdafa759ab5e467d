package io.secmlops.detector.cli;

import io.secmlops.detector.adversarial.AdversarialStudy;
import io.secmlops.detector.adversarial.AttackCatalog;
import io.secmlops.detector.adversarial.DetectorEstimator;
import io.secmlops.detector.adversarial.Objective;
import io.secmlops.detector.adversarial.Sample;
import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.detector.data.CocoDataset;
import io.secmlops.detector.detect.Detector;
import io.secmlops.detector.detect.Preprocess;
import io.secmlops.detector.eval.CocoEvaluator;
import io.secmlops.detector.model.LoadedModel;
import io.secmlops.detector.model.RuntimeOptions;
import io.secmlops.detector.model.SignatureCheck;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.charts.RobustnessCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "attack", mixinStandardHelpOptions = true,
        description = "Robustness study: clean and robust AP50 per attack and epsilon, each defence against the plain and the adaptive attack, "
                + "and the security-versus-cost trade-off table (attack.json, see docs/adversarial.md).")
public final class AttackCommand extends AgentCommand {

    public static final String DEFAULT_ATTACKS = "fgsm,pgd-linf,pgd-l2,square,patch";

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "A TFJS graph model (model.json or its directory) or a SavedModel directory.")
    Path model;

    @Mixin
    SignatureOptions signature = new SignatureOptions();

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "The images: a directory (the --labels file names resolve against it) or a COCO annotations file (then its ground truth is the reference).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "COCO annotations to measure AP50 against, or builtin:vtest-pseudo-labels (the default when --data is a directory).")
    String labels;

    @Option(names = "--attacks", paramLabel = "LIST", defaultValue = DEFAULT_ATTACKS, split = ",",
            description = "Attacks, comma-separated: fgsm, pgd-linf, pgd-l2, square, noise, patch, and the corruptions (NAME or NAME:S). Default: ${DEFAULT-VALUE}.")
    List<String> attacks;

    @Option(names = "--epsilons", paramLabel = "LIST", defaultValue = "1,2,4,8", split = ",",
            description = "Perturbation budgets in 1/255 units (0..255). Default: ${DEFAULT-VALUE}.")
    List<String> epsilons;

    @Option(names = "--defences", paramLabel = "LIST", split = ",",
            description = "Defences put in front of the model, each evaluated against the plain and the adaptive --defence-attack "
                    + "(default: every registered defence; 'none' for none).")
    List<String> defences;

    @Option(names = "--defence-attack", paramLabel = "NAME", defaultValue = "pgd-linf",
            description = "The attack the defences face, plainly and adaptively (BPDA, EOT). Default: ${DEFAULT-VALUE}.")
    String defenceAttack;

    @Option(names = "--objective", paramLabel = "NAME", defaultValue = "vanishing", description = "vanishing or untargeted. Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "5", description = "PGD steps (and patch optimisation steps). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--step-size", paramLabel = "S", defaultValue = "0",
            description = "PGD step in 1/255 units (0 = 2.5 eps / steps). Default: ${DEFAULT-VALUE}.")
    double stepSize;

    @Option(names = "--no-random-start", description = "PGD starts at the clean image instead of a random point of the ball.")
    boolean noRandomStart;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "40", description = "Square attack: model queries per image and epsilon. Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--patch-side", paramLabel = "PX", defaultValue = "64", description = "Adversarial patch side in model-input pixels. Default: ${DEFAULT-VALUE}.")
    int patchSide;

    @Option(names = "--eot-samples", paramLabel = "N", defaultValue = "4",
            description = "Draws averaged per gradient against a randomized defence (EOT). Default: ${DEFAULT-VALUE}.")
    int eotSamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "TensorFlow intra-op threads (inter-op 1). Same seed and threads give the same numbers. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "1/1", description = "Run the I-th of N contiguous blocks of the images (1-based). Default: ${DEFAULT-VALUE}.")
    String shard;

    @Option(names = "--max-images", paramLabel = "N", defaultValue = "8", description = "At most N images, taken before sharding (0 = all). Default: ${DEFAULT-VALUE}.")
    int maxImages;

    @Option(names = "--heatmap", paramLabel = "TENSOR", description = "The per-class score map the loss is written on (default: the keypoints/heatmap output).")
    String heatmap;

    @Option(names = "--resize", paramLabel = "MODE", defaultValue = "letterbox", description = "letterbox or stretch. Default: ${DEFAULT-VALUE}.")
    String resize;

    @Option(names = "--nms-iou", paramLabel = "T", defaultValue = "0.5", description = "As for detect. Default: ${DEFAULT-VALUE}.")
    double nmsIou;

    @Override
    String name() {
        return "attack";
    }

    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    @Override
    Map<String, Object> execute() throws SecMlOpsException {
        long tStart = System.nanoTime();
        // every option is checked before anything is loaded or written
        Preprocess.Mode mode = Preprocess.Mode.parseResize(resize);
        Objective obj = Objective.parse(objective);
        List<Double> eps = parseEpsilons(epsilons);
        List<String> attackList = attacks.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (attackList.isEmpty()) {
            throw new SecMlOpsException("--attacks is empty.", "Name at least one attack: " + String.join(", ", AttackCatalog.attackNames()) + ".");
        }
        for (String a : attackList) {
            AttackCatalog.checkAttack(a);
        }
        if (!AttackCatalog.EPSILON_ATTACKS.contains(defenceAttack)) {
            throw new SecMlOpsException("--defence-attack " + defenceAttack + " is not an epsilon-bounded attack.",
                    "Pass one of " + String.join(", ", AttackCatalog.EPSILON_ATTACKS) + ".");
        }
        List<Defence> defenceList = new ArrayList<>();
        List<String> defenceNames = defences == null ? AttackCatalog.defenceNames()
                : defences.stream().map(String::trim).filter(s -> !s.isEmpty() && !s.equals("none")).toList();
        for (String d : defenceNames) {
            defenceList.add(AttackCatalog.defence(d));
        }
        if (steps < 0 || queries < 1 || patchSide < 1 || eotSamples < 1 || stepSize < 0 || maxImages < 0) {
            throw new SecMlOpsException("--steps must be 0 or more, --step-size 0 or more, --queries, --patch-side and --eot-samples 1 or more, --max-images 0 or more.",
                    "Fix the option.");
        }
        if (threads < 1) {
            throw new SecMlOpsException("--threads " + threads + " is not a thread count.", "Pass --threads 1 or more (fixed, so a run repeats exactly).");
        }
        int[] sh = parseShard(shard);

        CocoDataset ds = dataset();
        ds.validateAnnotations();
        Long personId = ds.categoryId("person");
        if (personId == null) {
            throw new SecMlOpsException("The labels " + ds.source() + " have no category named 'person'.",
                    "Add {\"id\": 1, \"name\": \"person\"} to categories and use that id for the person boxes.");
        }
        List<Path> allPaths = ds.imagePaths(Files.isDirectory(data) ? data : null);
        int total = maxImages > 0 ? Math.min(maxImages, allPaths.size()) : allPaths.size();
        if (total == 0) {
            throw new SecMlOpsException("The data set " + ds.source() + " lists no images.", "Pass labels that list images (COCO 'images').");
        }
        int from = (int) ((long) total * (sh[0] - 1) / sh[1]);
        int to = (int) ((long) total * sh[0] / sh[1]);
        if (from == to) {
            throw new SecMlOpsException("--shard " + shard + " of " + total + " image(s) is empty.", "Use at most " + total + " shards.");
        }
        boolean needGradient = attackList.stream().anyMatch(AttackCatalog::gradientAttack) || !defenceList.isEmpty();

        SignatureCheck.Verified verified = signature.verify(model, this::progress);
        progress("loading " + model);
        try (LoadedModel m = LoadedModel.open(model, new RuntimeOptions(threads, 1))) {
            DetectorEstimator est = new DetectorEstimator(m, obj, heatmap, nmsIou, needGradient);
            int size = est.inputSize();
            List<AdversarialStudy.Image> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int refBoxes = 0;
            for (int i = from; i < to; i++) {
                CocoDataset.Image info = ds.images().get(i);
                Path p = allPaths.get(i);
                BufferedImage img = Images.read(p);
                if (img.getWidth() != info.width() || img.getHeight() != info.height()) {
                    throw new SecMlOpsException("Image " + info.id() + " (" + p + ") is " + img.getWidth() + "x" + img.getHeight() + " but the labels say "
                            + info.width() + "x" + info.height() + ".", "Fix width/height in the labels, or the image.");
                }
                Preprocess.Prepared prep = Preprocess.prepare(img, size, mode, p.toString());
                List<CocoEvaluator.Truth> truths = new ArrayList<>();
                List<double[]> refs = new ArrayList<>();
                for (CocoDataset.Annotation a : ds.annotationList()) {
                    if (a.imageId() != info.id() || a.categoryId() != personId) {
                        continue;
                    }
                    truths.add(new CocoEvaluator.Truth(info.id(), a.bbox(), a.iscrowd()));
                    if (!a.iscrowd()) {
                        double[] b = a.bbox();
                        refs.add(new double[] {b[0] * prep.scaleX() + prep.padX(), b[1] * prep.scaleY() + prep.padY(),
                                (b[0] + b[2]) * prep.scaleX() + prep.padX(), (b[1] + b[3]) * prep.scaleY() + prep.padY()});
                        refBoxes++;
                    }
                }
                String rel = info.fileName();
                names.add(rel);
                images.add(new AdversarialStudy.Image(new Sample(info.id(), rel, prep, obj == Objective.UNTARGETED ? refs : List.of()), truths));
            }
            progress("model ready in " + m.loadMs() + " ms; " + images.size() + " image(s) (shard " + sh[0] + "/" + sh[1] + "), " + refBoxes
                    + " reference box(es); attacks " + attackList + ", eps " + eps + ", defences " + defenceNames + ", objective " + obj.label());

            // what signature verification costs: measured when asked for, else the hashing it consists of
            double sigMs;
            String sigHow;
            if (verified != null) {
                sigMs = verified.verifyMs();
                sigHow = "OMS verification of this model, measured";
            } else {
                long t0 = System.nanoTime();
                Results.digests(Path.of(m.source()));
                sigMs = (System.nanoTime() - t0) / 1e6;
                sigHow = "SHA-256 of the model files, the bulk of a verification; pass --verify-signature to measure the full check";
            }

            AttackCatalog.Settings settings = new AttackCatalog.Settings(seed, steps, stepSize, !noRandomStart, queries, patchSide, eotSamples);
            AdversarialStudy study = new AdversarialStudy(est, images,
                    new AdversarialStudy.Plan(attackList, eps, defenceList, defenceAttack, settings), this::progress);
            Map<String, Object> parts = study.run(sigMs, sigHow);

            Map<String, Object> res = Results.head(name());
            res.put("model", Results.model(m, verified));
            res.put("runtime", Results.runtime(m));
            Map<String, Object> lab = new LinkedHashMap<>();
            boolean pseudo = "reviewed-pseudo-labels".equals(ds.labelSource());
            lab.put("source", pseudo ? "pseudo-labels" : "ground-truth");
            lab.put("file", ds.source());
            if (pseudo) {
                lab.put("caveat", "Reviewed pseudo-labels, NOT ground truth (detector-agent/docs/pseudo-labels.md); AP50 measures agreement with them.");
            }
            res.put("labels", lab);
            Map<String, Object> shardJson = new LinkedHashMap<>();
            shardJson.put("index", sh[0]);
            shardJson.put("count", sh[1]);
            shardJson.put("images", names);
            res.put("shard", shardJson);
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("seed", seed);
            set.put("threads", threads);
            set.put("steps", steps);
            set.put("stepSize", stepSize > 0 ? stepSize : "2.5*epsilon/steps");
            set.put("randomStart", !noRandomStart);
            set.put("objective", obj.label());
            set.put("attacks", attackList);
            set.put("epsilons", eps);
            set.put("defences", defenceNames);
            set.put("defenceAttack", defenceAttack);
            set.put("queries", queries);
            set.put("patchSide", patchSide);
            set.put("eotSamples", eotSamples);
            set.put("resize", mode.name().toLowerCase(Locale.ROOT));
            set.put("inputSize", size);
            set.put("nmsIou", nmsIou);
            set.put("operatingScore", AdversarialStudy.OPERATING_SCORE);
            set.put("successWhenRetainedBelow", AdversarialStudy.SUCCESS_BELOW_RETAINED);
            set.put("units", "epsilon in 1/255 (= 0..255 pixel units for Linf); L2 radius = epsilon * sqrt(changeable values); "
                    + "perturbations on the model input (letterboxed), frame area only; meanLinf/meanL2 in 0..255 units");
            res.put("settings", set);
            res.putAll(parts);
            res.put("images", charts(parts));
            @SuppressWarnings("unchecked")
            Map<String, Object> timings = new LinkedHashMap<>((Map<String, Object>) parts.get("timings"));
            timings.put("loadMs", m.loadMs());
            timings.put("signatureMs", Measure.round2(sigMs));
            timings.put("totalMs", Measure.round2((System.nanoTime() - tStart) / 1e6));
            timings.put("forwardPasses", est.forwardPasses());
            timings.put("forwardBackwardPasses", est.backwardPasses());
            res.put("timings", timings);
            @SuppressWarnings("unchecked")
            Map<String, Object> clean = (Map<String, Object>) parts.get("clean");
            progress(String.format(Locale.ROOT, "done in %.1f s: clean AP50 %s over %d image(s) [labels: %s]", (System.nanoTime() - tStart) / 1e9,
                    clean.get("ap50"), images.size(), lab.get("source")));
            return res;
        }
    }

    private CocoDataset dataset() throws SecMlOpsException {
        if (labels != null) {
            return CocoDataset.read(Path.of(labels));
        }
        if (Files.isDirectory(data)) {
            return CocoDataset.read(Path.of(CocoDataset.BUILTIN + "vtest-pseudo-labels"));
        }
        if (!Files.isRegularFile(data)) {
            throw new SecMlOpsException("--data " + data + " does not exist.", "Pass a directory of images or a COCO annotations file.");
        }
        return CocoDataset.read(data);
    }

    /** The ε-curve and Pareto plot (SVG) and the trade-off table (Markdown), written beside --out. */
    private Map<String, Object> charts(Map<String, Object> parts) throws SecMlOpsException {
        Map<String, Object> imgs = new LinkedHashMap<>();
        if (out == null) {
            imgs.put("epsCurve", null);
            imgs.put("pareto", null);
            imgs.put("table", null);
            return imgs;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) parts.get("attacks");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) parts.get("tradeoffs");
        String base = out.getFileName().toString().replaceFirst("\\.json$", "");
        imgs.put("epsCurve", writeBeside(base + "-eps-curve.svg", RobustnessCharts.epsilonCurve(attacks)));
        imgs.put("pareto", writeBeside(base + "-pareto.svg", RobustnessCharts.pareto(rows)));
        imgs.put("table", writeBeside(base + "-tradeoffs.md", TradeoffTable.markdown(rows)));
        return imgs;
    }

    private String writeBeside(String name, String content) throws SecMlOpsException {
        Path file = out.resolveSibling(name);
        try {
            io.secmlops.engine.io.AtomicFiles.write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new SecMlOpsException("Cannot write " + file + ": " + e.getMessage(), "Pass an --out in a writable directory.", e);
        }
        return file.getFileName().toString();
    }

    static List<Double> parseEpsilons(List<String> raw) throws SecMlOpsException {
        List<Double> out = new ArrayList<>();
        for (String s : raw) {
            double v;
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new SecMlOpsException("--epsilons: '" + s + "' is not a number.", "Pass budgets in 1/255 units, e.g. --epsilons 1,2,4,8.");
            }
            if (!(v >= 0 && v <= 255)) {
                throw new SecMlOpsException("--epsilons: " + s + " is outside the pixel range 0..255 (epsilon is in 1/255 units).",
                        "Pass budgets from 0 to 255, e.g. --epsilons 1,2,4,8.");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        if (out.isEmpty()) {
            throw new SecMlOpsException("--epsilons is empty.", "Pass budgets in 1/255 units, e.g. --epsilons 1,2,4,8.");
        }
        return out;
    }

    static int[] parseShard(String s) throws SecMlOpsException {
        Matcher m = SHARD.matcher(s.trim());
        if (!m.matches()) {
            throw new SecMlOpsException("--shard '" + s + "' is not of the form I/N.", "Pass --shard I/N with 1 <= I <= N, e.g. --shard 2/4.");
        }
        int i;
        int n;
        try {
            i = Integer.parseInt(m.group(1));
            n = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            throw new SecMlOpsException("--shard '" + s + "' has a number too large.", "Pass --shard I/N with 1 <= I <= N, e.g. --shard 2/4.");
        }
        if (n < 1 || i < 1 || i > n) {
            throw new SecMlOpsException("--shard " + s + " is out of range.", "Pass --shard I/N with 1 <= I <= N, e.g. --shard 2/4.");
        }
        return new int[] {i, n};
    }
}
