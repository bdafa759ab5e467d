package io.secmlops.drift;

import io.secmlops.engine.evidence.RunEnvironment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of one {@code driftGate} run (or of {@code mode: 'profile'}), as the user gave them. Paths are
 * strings relative to the workspace; {@link DriftGate} resolves, parses and checks everything before any work.
 */
public final class DriftRequest {
    public static final double DEFAULT_DRIFT_SHARE = 0.5;
    public static final int DEFAULT_SAMPLE_SIZE = 5000;
    public static final long DEFAULT_SEED = 20_240_229L;
    public static final int DEFAULT_PERMUTATIONS = 100;
    public static final int DEFAULT_EMBEDDING_SAMPLE = 1000;
    public static final double DEFAULT_MMD_ALPHA = 0.05;

    final Path workspace;
    final String name;
    final String reference;
    final String current;
    final String profileOut;
    final List<String> columns;
    final Map<String, String> tests;
    final Map<String, Double> thresholds;
    final Map<String, String> columnTypes;
    final double driftShare;
    final String onDrift;
    final String correction;
    final String nonFinite;
    final int sampleSize;
    final long seed;
    final Path outputRoot;
    final RunEnvironment environment;
    final int threads;
    final String images;
    final String embeddings;
    final String referenceEmbeddings;
    final String detections;
    final String referenceDetections;
    final int permutations;
    final int embeddingSampleSize;
    final double mmdAlpha;

    private DriftRequest(Builder b) {
        workspace = b.workspace.toAbsolutePath().normalize();
        name = b.name == null || b.name.isBlank() ? "drift" : b.name;
        reference = b.reference;
        current = b.current;
        profileOut = b.profileOut == null || b.profileOut.isBlank() ? null : b.profileOut;
        columns = b.columns == null ? List.of() : List.copyOf(b.columns);
        tests = b.tests == null ? Map.of() : new LinkedHashMap<>(b.tests);
        thresholds = b.thresholds == null ? Map.of() : new LinkedHashMap<>(b.thresholds);
        columnTypes = b.columnTypes == null ? Map.of() : new LinkedHashMap<>(b.columnTypes);
        driftShare = b.driftShare;
        onDrift = b.onDrift;
        correction = b.correction;
        nonFinite = b.nonFinite;
        sampleSize = b.sampleSize;
        seed = b.seed;
        outputRoot = b.outputRoot != null ? b.outputRoot : workspace.resolve(".secmlops/evidence");
        environment = b.environment != null ? b.environment : RunEnvironment.commandLine();
        threads = b.threads > 0 ? b.threads : Runtime.getRuntime().availableProcessors();
        images = blankToNull(b.images);
        embeddings = blankToNull(b.embeddings);
        referenceEmbeddings = blankToNull(b.referenceEmbeddings);
        detections = blankToNull(b.detections);
        referenceDetections = blankToNull(b.referenceDetections);
        permutations = b.permutations;
        embeddingSampleSize = b.embeddingSampleSize;
        mmdAlpha = b.mmdAlpha;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Image mode: current images, embeddings or detections were given. */
    boolean imageMode() {
        return images != null || embeddings != null || detections != null;
    }

    public static Builder builder(Path workspace) {
        return new Builder(workspace);
    }

    public static final class Builder {
        private final Path workspace;
        private String name;
        private String reference;
        private String current;
        private String profileOut;
        private List<String> columns;
        private Map<String, String> tests;
        private Map<String, Double> thresholds;
        private Map<String, String> columnTypes;
        private double driftShare = DEFAULT_DRIFT_SHARE;
        private String onDrift;
        private String correction;
        private String nonFinite;
        private int sampleSize = DEFAULT_SAMPLE_SIZE;
        private long seed = DEFAULT_SEED;
        private Path outputRoot;
        private RunEnvironment environment;
        private int threads;
        private String images;
        private String embeddings;
        private String referenceEmbeddings;
        private String detections;
        private String referenceDetections;
        private int permutations = DEFAULT_PERMUTATIONS;
        private int embeddingSampleSize = DEFAULT_EMBEDDING_SAMPLE;
        private double mmdAlpha = DEFAULT_MMD_ALPHA;

        private Builder(Path workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** The name of the check in evidence (default 'drift'); the evidence folder is driftGate-NAME. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** A reference profile (*.json made by mode 'profile') or raw reference data: a CSV or JSON Lines file or folder. */
        public Builder reference(String v) {
            reference = v;
            return this;
        }

        /** The current data: a CSV or JSON Lines file, or a folder whose files of the reference's format are all read. */
        public Builder current(String v) {
            current = v;
            return this;
        }

        /** Mode 'profile': where to write the reference profile (workspace path); it is also kept beside the record. */
        public Builder profileOut(String v) {
            profileOut = v;
            return this;
        }

        /** The columns to test (default: all columns, which must then be the same in reference and current). */
        public Builder columns(List<String> v) {
            columns = v;
            return this;
        }

        /** Per-column test overrides: column to ks, chisquare, z, wasserstein, jensenshannon or psi. */
        public Builder tests(Map<String, String> v) {
            tests = v;
            return this;
        }

        /** Per-column thresholds (p-value for ks, chisquare, z; distance for the others). */
        public Builder thresholds(Map<String, Double> v) {
            thresholds = v;
            return this;
        }

        /** Declared column types: numeric, categorical or binary. */
        public Builder columnTypes(Map<String, String> v) {
            columnTypes = v;
            return this;
        }

        /** The dataset drifts when drifted columns / tested columns reaches this share (default 0.5). */
        public Builder driftShare(double v) {
            driftShare = v;
            return this;
        }

        /** fail (default) or unstable. */
        public Builder onDrift(String v) {
            onDrift = v;
            return this;
        }

        /** none (default), bonferroni or fdr (Benjamini–Hochberg), applied to the p-value tests. */
        public Builder correction(String v) {
            correction = v;
            return this;
        }

        /** drop (default: counted and left out) or fail. */
        public Builder nonFinite(String v) {
            nonFinite = v;
            return this;
        }

        /** Mode 'profile': how many values of each numeric column the profile keeps for KS and Wasserstein (default 5,000). */
        public Builder sampleSize(int v) {
            sampleSize = v;
            return this;
        }

        /** Mode 'profile': the seed of the sample. */
        public Builder seed(long v) {
            seed = v;
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

        /** Threads for reading and testing (default: one per core). */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /**
         * Image mode: the folder of current images (per-image brightness, contrast, sharpness, colourfulness). The
         * reference is then a folder of images or an image profile.
         */
        public Builder images(String v) {
            images = v;
            return this;
        }

        /** Image mode: the current images' embeddings, as {@code detector-agent embed --out FILE} wrote them (MMD test). */
        public Builder embeddings(String v) {
            embeddings = v;
            return this;
        }

        /** Image mode with a reference folder: the reference images' embeddings (an image profile carries its own sample). */
        public Builder referenceEmbeddings(String v) {
            referenceEmbeddings = v;
            return this;
        }

        /** Image mode: {@code detector-agent detect --out FILE} on the current images (persons per image, person scores). */
        public Builder detections(String v) {
            detections = v;
            return this;
        }

        /** Image mode with a reference folder: the detect result of the reference images. */
        public Builder referenceDetections(String v) {
            referenceDetections = v;
            return this;
        }

        /** Permutations of the MMD test (default 100; the smallest p-value is 1/(permutations+1)). */
        public Builder permutations(int v) {
            permutations = v;
            return this;
        }

        /** Image profile: how many reference embedding vectors the reservoir sample keeps (default 1,000). */
        public Builder embeddingSampleSize(int v) {
            embeddingSampleSize = v;
            return this;
        }

        /** The MMD test's level: drift when its p-value is below (default 0.05). */
        public Builder mmdAlpha(double v) {
            mmdAlpha = v;
            return this;
        }

        public DriftRequest build() {
            return new DriftRequest(this);
        }
    }
}
