package io.secmlops.detector.cli;

import io.secmlops.detector.detect.Detector;
import io.secmlops.detector.detect.Preprocess;
import io.secmlops.detector.model.LoadedModel;
import io.secmlops.detector.model.RuntimeOptions;
import io.secmlops.engine.SecMlOpsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Latency (p50/p95) and throughput of the detector for each batch size and intra-op thread count, warmed up and repeated.",
                "With --attack: PGD-k wall time against k+1 forward-plus-backward passes, and each defence's latency against the bare model call."})
public final class BenchCommand extends AgentCommand {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Image files or directories of images (sorted by name).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--every", paramLabel = "K", defaultValue = "1", description = "Take every K-th image. Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "16",
            description = "Distinct images, decoded and resized once before timing, fed round-robin. Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--batches", paramLabel = "N", split = ",", defaultValue = "1,8", description = "Batch sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--threads", paramLabel = "N", split = ",",
            description = "Intra-op thread counts (replaces --intra-op-threads; --inter-op-threads applies to all). Default: 1,2; with --attack one count, default 2.")
    List<Integer> threads;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed calls per configuration. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed calls per configuration. Default: 10; with --attack the timed rounds (each: every PGD-k and its reference once, "
                    + "every defence on every frame), default 5.")
    Integer iterations;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "1",
            description = "Run the whole grid N times, interleaved, and pool the timed calls (evens out load from other processes). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--attack", description = "Benchmark the robustness study instead of the batch/thread grid (see docs/benchmarks.md).")
    boolean attack;

    @Option(names = "--pgd-steps", paramLabel = "LIST", split = ",", defaultValue = "1,5,10",
            description = "With --attack: the PGD step counts k to time. Default: ${DEFAULT-VALUE}.")
    List<Integer> pgdSteps;

    @Option(names = "--epsilon", paramLabel = "E", defaultValue = "4", description = "With --attack: the PGD budget in 1/255 units. Default: ${DEFAULT-VALUE}.")
    double epsilon;

    @Option(names = "--defences", paramLabel = "LIST", split = ",",
            description = "With --attack: the defences to time (default: every registered defence; 'none' for none).")
    List<String> defences;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "With --attack: seed of PGD's random start and of randomized defences. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    String name() {
        return "bench";
    }

    @Override
    Map<String, Object> execute() throws SecMlOpsException {
        if (attack) {
            return executeAttack();
        }
        if (threads == null) {
            threads = List.of(1, 2);
        }
        if (iterations == null) {
            iterations = 10;
        }
        if (warmup < 0 || iterations < 1 || repeats < 1 || frames < 1) {
            throw new SecMlOpsException("--warmup must be 0 or more; --iterations, --repeats and --frames 1 or more.", "Fix the option.");
        }
        for (int b : batches) {
            if (b < 1) {
                throw new SecMlOpsException("--batches " + b + " is not a batch size.", "Pass sizes of 1 or more, e.g. --batches 1,8.");
            }
        }
        for (int t : threads) {
            if (t < 1) {
                throw new SecMlOpsException("--threads " + t + " is not a thread count.", "Pass counts of 1 or more, e.g. --threads 1,2.");
            }
        }
        String loadAtStart = loadAverage();
        List<Path> images = Images.list(inputs, null, every, frames);
        // decode and resize once, outside every timing
        List<Preprocess.Prepared> prepared = new ArrayList<>();
        int size = -1;
        Map<String, Object> rows = new LinkedHashMap<>();
        Map<String, List<Double>> callMs = new LinkedHashMap<>();
        Map<String, Map<String, Object>> info = new LinkedHashMap<>();
        String device = null;
        String tf = LoadedModel.tensorflowVersion();
        for (int rep = 0; rep < repeats; rep++) {
            for (int b : batches) {
                for (int t : threads) {
                    String key = b + "x" + t;
                    try (LoadedModel m = LoadedModel.open(model.model, new RuntimeOptions(t, model.interOpThreads), b)) {
                        Detector d = new Detector(m);
                        if (prepared.isEmpty()) {
                            size = d.inputSize();
                            for (Path p : images) {
                                prepared.add(d.prepare(Images.read(p), p.toString(), Preprocess.Mode.LETTERBOX));
                            }
                        }
                        int per = d.batchSize() == 0 ? b : d.batchSize();
                        List<Double> warm = new ArrayList<>();
                        int next = 0;
                        for (int i = 0; i < warmup + iterations; i++) {
                            List<Preprocess.Prepared> call = new ArrayList<>();
                            for (int k = 0; k < per; k++) {
                                call.add(prepared.get(next++ % prepared.size()));
                            }
                            double ms = d.detectPrepared(call, 0.3, List.of(Detector.PERSON), 0.5).get(0).runMs();
                            (i < warmup ? warm : callMs.computeIfAbsent(key, k -> new ArrayList<>())).add(ms);
                        }
                        device = m.deviceKind();
                        Map<String, Object> e = info.computeIfAbsent(key, k -> new LinkedHashMap<>());
                        e.put("batch", per);
                        e.put("intraOpThreads", t);
                        e.put("interOpThreads", model.interOpThreads);
                        e.put("mode", m.batching().mode());
                        ((List<Double>) e.computeIfAbsent("loadMs", k -> new ArrayList<Double>())).add(m.loadMs());
                        ((List<Double>) e.computeIfAbsent("warmupMs", k -> new ArrayList<Double>())).addAll(warm);
                        e.put("batchCheckMaxAbsDiff", d.batchCheckMaxAbsDiff());
                        progress(String.format(Locale.ROOT, "batch %d, %d thread(s), round %d: p50 %.1f ms per call", per, t, rep + 1,
                                Measure.percentile(callMs.get(key), 50)));
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("| batch | intra-op threads | p50 ms / call | p95 ms / call | p50 ms / image | throughput images/s | timed calls |\n");
        table.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, List<Double>> e : callMs.entrySet()) {
            Map<String, Object> i = info.get(e.getKey());
            int per = (Integer) i.get("batch");
            List<Double> ms = e.getValue();
            double sum = ms.stream().mapToDouble(Double::doubleValue).sum();
            double thr = ms.size() * per / (sum / 1000);
            Map<String, Object> row = new LinkedHashMap<>(i);
            row.put("latencyMsPerCall", Measure.summary(ms));
            row.put("latencyMsPerImageP50", Measure.round2(Measure.percentile(ms, 50) / per));
            row.put("throughputImagesPerSecond", Measure.round2(thr));
            row.put("timedCalls", ms.size());
            rows.put(e.getKey(), row);
            table.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.2f | %d |%n", per, i.get("intraOpThreads"),
                    Measure.percentile(ms, 50), Measure.percentile(ms, 95), Measure.percentile(ms, 50) / per, thr, ms.size()));
        }
        Map<String, Object> res = Results.head(name());
        Map<String, Object> mi = new LinkedHashMap<>();
        mi.put("source", model.model.toString());
        mi.put("files", Results.digests(model.model));
        res.put("model", mi);
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("tensorflow", tf);
        rt.put("device", device);
        rt.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        rt.put("cpu", cpuModel());
        rt.put("loadAverageAtStart", loadAtStart);
        rt.put("loadAverageAtEnd", loadAverage());
        rt.put("peakRssMbWholeRun", Measure.procStatusMb("VmHWM"));
        rt.put("java", System.getProperty("java.version"));
        rt.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        res.put("runtime", rt);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("images", images.size());
        params.put("inputSize", size);
        params.put("resize", "letterbox");
        params.put("warmupCalls", warmup);
        params.put("timedCallsPerConfiguration", iterations * repeats);
        params.put("repeats", repeats);
        params.put("definitions", "one call = one session run of `batch` images (feed, run, fetch; decoding of the boxes included, JPEG decoding and "
                + "resizing done once beforehand); throughput = images / sum of timed calls; p50/p95 interpolated between ranks; "
                + "each configuration loads its own model; peak RSS is the whole run's (per configuration: run evaluate in its own process)");
        res.put("parameters", params);
        res.put("results", rows);
        res.put("table", table.toString());
        progress("\n" + table);
        return res;
    }

    /** bench --attack: options checked first, then one model, warmed up, timed in interleaved rounds. */
    private Map<String, Object> executeAttack() throws SecMlOpsException {
        int rounds = iterations == null ? 5 : iterations;
        List<Integer> t = threads == null ? List.of(2) : threads;
        if (warmup < 0 || rounds < 1 || frames < 1) {
            throw new SecMlOpsException("--warmup must be 0 or more; --iterations and --frames 1 or more.", "Fix the option.");
        }
        if (t.size() != 1 || t.get(0) < 1) {
            throw new SecMlOpsException("--threads " + t + ": bench --attack takes one thread count of 1 or more.", "Pass e.g. --threads 2.");
        }
        if (pgdSteps.isEmpty() || pgdSteps.stream().anyMatch(k -> k < 1)) {
            throw new SecMlOpsException("--pgd-steps " + pgdSteps + ": every step count must be 1 or more.", "Pass e.g. --pgd-steps 1,5,10.");
        }
        if (!(epsilon > 0 && epsilon <= 255)) {
            throw new SecMlOpsException("--epsilon " + epsilon + " is outside 0..255 (1/255 units) or zero.", "Pass e.g. --epsilon 4.");
        }
        List<io.secmlops.detector.adversarial.transform.Defence> defenceList = AttackBench.defences(defences);
        String loadAtStart = loadAverage();
        List<Path> images = Images.list(inputs, null, every, frames);
        AttackBench.Plan plan = new AttackBench.Plan(model.model, images, t.get(0), List.copyOf(new java.util.LinkedHashSet<>(pgdSteps)), epsilon,
                defenceList, warmup, rounds, seed);
        progress("bench --attack: " + images.size() + " frame(s), " + t.get(0) + " thread(s), PGD-k for k in " + plan.pgdSteps() + " at eps " + epsilon
                + ", defences " + defenceList + ", " + warmup + " warm-up and " + rounds + " timed round(s)");
        Map<String, Object> measured = new AttackBench(plan, this::progress).run();
        Object table = measured.remove("table");
        Map<String, Object> res = Results.head(name());
        Map<String, Object> mi = new LinkedHashMap<>();
        mi.put("source", model.model.toString());
        mi.put("files", Results.digests(model.model));
        res.put("model", mi);
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("tensorflow", LoadedModel.tensorflowVersion());
        rt.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        rt.put("cpu", cpuModel());
        rt.put("loadAverageAtStart", loadAtStart);
        rt.put("loadAverageAtEnd", loadAverage());
        rt.put("peakRssMbWholeRun", Measure.procStatusMb("VmHWM"));
        rt.put("java", System.getProperty("java.version"));
        rt.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        res.put("runtime", rt);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("mode", "attack");
        params.put("images", images.size());
        params.put("intraOpThreads", t.get(0));
        params.put("interOpThreads", 1);
        params.put("pgdSteps", plan.pgdSteps());
        params.put("epsilon", epsilon);
        params.put("pgdNorm", "linf");
        params.put("objective", "vanishing");
        params.put("defences", defenceList.stream().map(Object::toString).toList());
        params.put("warmupRounds", warmup);
        params.put("rounds", rounds);
        params.put("seed", seed);
        params.put("definitions", "PGD-k = Pgd.generate with k steps (random start, step 2.5 eps / k; k forward+backward passes and one loss forward); "
                + "reference = k+1 forward+backward passes (loss and input gradient) on the same image, timed back to back just before it in the same round; "
                + "ratio = PGD-k / reference (p50 over p50, best over best); defence call = the defence on the 512x512 model input (seeded draw) + the "
                + "model call with box decoding, as attack evaluates; bare = the same model call alone, same images and rounds; each round uses the next frame "
                + "for PGD and every frame for the defences");
        res.put("parameters", params);
        res.put("results", measured);
        res.put("table", table);
        progress("\n" + table);
        return res;
    }

    private static String cpuModel() {
        try {
            for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
