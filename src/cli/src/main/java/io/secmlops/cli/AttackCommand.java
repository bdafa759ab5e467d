package io.secmlops.cli;

import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.adversarial.AdversarialRequest;
import io.secmlops.engine.adversarial.AdversarialTest;
import io.secmlops.engine.evidence.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code secmlops attack}: the {@code adversarialTest} step on the command line. The detector agent's {@code attack}
 * runs as its own process in the workspace (as {@code secmlops detector} runs it), then the engine gates its result and
 * writes the evidence.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = {"Robustness study of the pedestrian detector: clean and robust AP50 per attack and ε, each defence against the "
                + "plain and the adaptive attack, and the trade-off table (detector-agent attack, run as its own process).",
                "The gate looks at honest rows only: no defence, or a defence against the adaptive attack."})
final class AttackCommand extends EngineCommand {
    /** Lines of the agent's output kept for an error message when --quiet hides them. */
    private static final int TAIL = 30;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "The detector: a SavedModel folder or a TFJS model.json.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The images: a folder, or a COCO annotations file.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE", description = "COCO annotations to measure AP50 against, or builtin:NAME (default: the agent's).")
    String labels;

    @Option(names = "--attacks", split = ",", paramLabel = "NAME", description = "Attacks (default: the agent's set): fgsm, pgd-linf, pgd-l2, square, noise, patch, corruptions.")
    List<String> attacks = new ArrayList<>();

    @Option(names = "--epsilons", split = ",", paramLabel = "EPS", description = "Budgets in 1/255 units, 0 to 255 (default: 1,2,4,8).")
    List<String> epsilons = new ArrayList<>();

    @Option(names = "--defences", split = ",", paramLabel = "NAME", description = "Defences (default: all the agent has; 'none' for none).")
    List<String> defences = new ArrayList<>();

    @Option(names = "--objective", paramLabel = "vanishing|untargeted", description = "What the attack aims at (default: vanishing).")
    String objective;

    @Option(names = "--steps", paramLabel = "K", description = "PGD steps (default: the agent's).")
    Integer steps;

    @Option(names = "--max-images", paramLabel = "N", description = "Study only the first N images, taken before sharding (default: 0, all).")
    Integer maxImages;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default: the agent's, 0).")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "TensorFlow threads; fixed seed and threads repeat the numbers exactly.")
    Integer threads;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run the I-th of N contiguous blocks of the images (default: 1/1).")
    String shard;

    @Option(names = "--min-robust-ap50", paramLabel = "AP", description = "Lowest robust AP50 allowed on an honest row (0..1).")
    Double minRobustAp50;

    @Option(names = "--max-drop", paramLabel = "AP", description = "Largest clean AP50 - robust AP50 allowed on an honest row (0..1).")
    Double maxDrop;

    @Option(names = "--on-failure", paramLabel = "fail|unstable", description = "What a violated threshold does (default: fail).")
    String onFailure;

    @Option(names = "--name", description = "The study's name in evidence (default: adversarial).")
    String name;

    @Option(names = "--agent-home", paramLabel = "DIR", description = "The detector agent distribution (default: detector-agent/target/dist in the checkout).")
    Path agentHome;

    @Override
    StepResult execute(ProgressListener progress) throws SecMlOpsException {
        List<Double> eps = new ArrayList<>();
        for (String e : epsilons) {
            try {
                eps.add(Double.parseDouble(e.trim()));
            } catch (NumberFormatException ex) {
                throw new SecMlOpsException("Parameter epsilons has '" + e + "', which is not a number.",
                        "give budgets in 1/255 units from 0 to 255, e.g. --epsilons 1,2,4,8.");
            }
        }
        AdversarialRequest request = AdversarialRequest.builder(workspace()).name(name).model(model).data(data).labels(labels)
                .attacks(attacks).epsilons(eps).defences(defences).objective(objective).steps(steps).maxImages(maxImages).seed(seed).threads(threads)
                .shard(shard).minRobustAP50(minRobustAp50).maxDrop(maxDrop).onFailure(onFailure).outputRoot(outputRoot()).build();
        Path launcher = DetectorCommand.launcher(agentHome);
        if (!Files.isExecutable(launcher)) {
            throw new SecMlOpsException("The detector agent is not built at " + launcher + ".", DetectorCommand.NOT_BUILT_FIX);
        }
        AdversarialTest test = new AdversarialTest(progress);
        test.prepare(request);
        List<String> command = new ArrayList<>();
        command.add(launcher.toAbsolutePath().toString());
        command.addAll(request.agentArguments());
        progress.progress("adversarialTest: running " + String.join(" ", command));
        int exit = run(command, progress);
        return test.record(request, exit);
    }

    /** Runs the agent in the workspace; its lines go to the progress stream (the last ones also on failure under -q). */
    private int run(List<String> command, ProgressListener progress) throws SecMlOpsException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workspace().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot start the detector agent " + command.get(0) + ": " + e.getMessage() + ".",
                    "check that it is executable and that Java 17 is installed (JAVA_HOME or java on the PATH).", e);
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                progress.progress(line);
                tail.addLast(line);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
            int exit = p.waitFor();
            if (exit != 0 && quiet) {
                tail.forEach(spec.commandLine().getErr()::println);
            }
            return exit;
        } catch (IOException e) {
            p.destroyForcibly();
            throw new SecMlOpsException("Lost the detector agent's output: " + e.getMessage() + ".", "run it again.", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SecMlOpsException("Interrupted while the detector agent ran; it was stopped.", "run it again.", e);
        }
    }
}
