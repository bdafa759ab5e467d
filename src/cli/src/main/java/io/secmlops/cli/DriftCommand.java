package io.secmlops.cli;

import io.secmlops.drift.DriftGate;
import io.secmlops.drift.DriftRequest;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code secmlops drift}: the {@code driftGate} step on the command line. With {@code --profile-out} and no
 * {@code --current} it is mode 'profile': the reference data becomes a reference profile.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Test current data for drift against a reference (raw CSV/JSON Lines or a stored profile), column by column "
                + "with Evidently's default tests (KS, chi-squared, Z, normed Wasserstein, Jensen-Shannon) or the ones chosen, "
                + "and fail (or mark unstable) when the share of drifted columns reaches --drift-share.",
                "With --profile-out and no --current: write a reference profile of the reference data instead.",
                "Images: --reference a folder of images (or an image profile) and --images the current folder; per-image brightness, "
                + "contrast, sharpness and colourfulness go through the tabular tests, and with embeddings (--embeddings, or --model to "
                + "run 'detector-agent embed' here) an MMD permutation test compares the detector's features."})
final class DriftCommand extends EngineCommand {
    @Option(names = "--reference", required = true, paramLabel = "REF",
            description = "Reference profile (*.json) or reference data: a *.csv / *.jsonl file or a folder of them.")
    String reference;

    @Option(names = "--current", paramLabel = "CUR", description = "Current data: a *.csv / *.jsonl file, or a folder of files of the reference's format.")
    String current;

    @Option(names = "--profile-out", paramLabel = "FILE", description = "Profile mode: write the reference profile here (workspace path).")
    String profileOut;

    @Option(names = "--name", description = "The check's name in evidence (default: drift).")
    String name;

    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to test (default: all; then both sides must have the same columns).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--test", split = ",", paramLabel = "COL=TEST",
            description = "Test for a column (repeatable): ks, chisquare, z, wasserstein, jensenshannon, psi.")
    Map<String, String> tests = new LinkedHashMap<>();

    @Option(names = "--threshold", split = ",", paramLabel = "COL=VALUE",
            description = "Threshold for a column (repeatable): a p-value level for ks/chisquare/z, a distance for the others.")
    Map<String, Double> thresholds = new LinkedHashMap<>();

    @Option(names = "--type", split = ",", paramLabel = "COL=TYPE", description = "Declare a column's type (repeatable): numeric, categorical, binary.")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--drift-share", paramLabel = "SHARE", description = "Dataset drift when this share of tested columns drift (default: 0.5).")
    double driftShare = DriftRequest.DEFAULT_DRIFT_SHARE;

    @Option(names = "--on-drift", paramLabel = "fail|unstable", description = "What dataset drift does to the build (default: fail).")
    String onDrift = "fail";

    @Option(names = "--correction", paramLabel = "none|bonferroni|fdr", description = "Multiple-testing correction of p-values (default: none).")
    String correction = "none";

    @Option(names = "--non-finite", paramLabel = "drop|fail", description = "NaN and infinities in numeric columns: counted and dropped, or an error (default: drop).")
    String nonFinite = "drop";

    @Option(names = "--sample-size", paramLabel = "N", description = "Profile mode: values per numeric column kept for KS and Wasserstein (default: 5000).")
    int sampleSize = DriftRequest.DEFAULT_SAMPLE_SIZE;

    @Option(names = "--threads", description = "Threads (default: one per core).")
    int threads;

    @Option(names = "--images", paramLabel = "DIR", description = "Image mode: the folder of current images.")
    String images;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "Image mode: 'detector-agent embed' result for the current images.")
    String embeddings;

    @Option(names = "--reference-embeddings", paramLabel = "FILE", description = "Image mode: 'detector-agent embed' result for the reference images.")
    String referenceEmbeddings;

    @Option(names = "--detections", paramLabel = "FILE", description = "Image mode: 'detector-agent detect' result for the current images.")
    String detections;

    @Option(names = "--reference-detections", paramLabel = "FILE", description = "Image mode: 'detector-agent detect' result for the reference images.")
    String referenceDetections;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Image mode: embed the images whose embeddings are not given with this detector model, running the detector agent as its own process.")
    String model;

    @Option(names = "--agent-home", paramLabel = "DIR", description = "The detector agent distribution (default: detector-agent/target/dist in the checkout).")
    Path agentHome;

    @Option(names = "--permutations", paramLabel = "B", description = "MMD permutations (default: 100).")
    int permutations = DriftRequest.DEFAULT_PERMUTATIONS;

    @Option(names = "--mmd-alpha", paramLabel = "P", description = "MMD drift when its p-value is below this (default: 0.05).")
    double mmdAlpha = DriftRequest.DEFAULT_MMD_ALPHA;

    @Option(names = "--embedding-sample", paramLabel = "N", description = "Image profile: embedding vectors kept (reservoir sample; default: 1000).")
    int embeddingSample = DriftRequest.DEFAULT_EMBEDDING_SAMPLE;

    @Override
    StepResult execute(ProgressListener progress) throws SecMlOpsException {
        if (profileOut != null && current != null) {
            throw new SecMlOpsException("Both --profile-out and --current were given.",
                    "profile the reference first (--profile-out, no --current), then test against the profile (--reference PROFILE --current CUR).");
        }
        if (profileOut == null && current == null && images == null) {
            throw new SecMlOpsException("No --current data and no --images were given.",
                    "give --current CUR (tables) or --images DIR (images), or --profile-out FILE to write a reference profile.");
        }
        if (profileOut != null && images != null) {
            throw new SecMlOpsException("Both --profile-out and --images were given.",
                    "profile the reference images first (--reference DIR --profile-out FILE), then test --images against the profile.");
        }
        if (model != null) {
            String tag = name == null ? "drift" : name.replaceAll("[^A-Za-z0-9._-]", "_");
            if (images != null && embeddings == null) {
                embeddings = DetectorEmbed.run(agentHome, workspace(), model, images, ".secmlops/drift-embed/" + tag + "-current.json", progress);
            }
            boolean refIsImages = java.nio.file.Files.isDirectory(workspace().resolve(reference)) && current == null;
            if (refIsImages && referenceEmbeddings == null) {
                referenceEmbeddings = DetectorEmbed.run(agentHome, workspace(), model, reference,
                        ".secmlops/drift-embed/" + tag + "-reference.json", progress);
            }
        }
        DriftRequest request = DriftRequest.builder(workspace()).name(name).reference(reference).current(current).profileOut(profileOut)
                .columns(columns).tests(tests).thresholds(thresholds).columnTypes(types).driftShare(driftShare).onDrift(onDrift)
                .correction(correction).nonFinite(nonFinite).sampleSize(sampleSize).threads(threads).outputRoot(outputRoot())
                .images(images).embeddings(embeddings).referenceEmbeddings(referenceEmbeddings).detections(detections)
                .referenceDetections(referenceDetections).permutations(permutations).mmdAlpha(mmdAlpha)
                .embeddingSampleSize(embeddingSample).build();
        DriftGate gate = new DriftGate(progress);
        return profileOut != null ? gate.profile(request) : gate.run(request);
    }
}
