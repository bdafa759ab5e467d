package io.secmlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.engine.Parallel;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.Json;
import io.secmlops.engine.io.Workspace;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The inputs of image drift: a folder of images (per-image statistics), the detector agent's {@code embed} result
 * (one pooled feature vector per image) and its {@code detect} result (persons and scores per image). Each reader
 * checks what it reads and names the file and the fix when something is wrong.
 */
final class ImageInputs {
    static final String AGENT_SCHEMA = "secmlops.detector-agent/v1";

    private ImageInputs() {
    }

    /** The images of one folder: names, digests, statistics. */
    record Images(String label, List<SourceFile> files, List<ImageStats> stats) {
    }

    /** Vectors of one embed result. */
    record Embeddings(String label, String sha256, String tensor, int dimension, List<String> files, double[][] vectors) {
    }

    /** Per image: persons found; over all images: the scores of the persons found. */
    record Detections(String label, String sha256, Double scoreThreshold, List<String> files, double[] persons, double[] scores) {
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp")
                || n.endsWith(".gif"));
    }

    /** Whether {@code p} is a folder holding at least one image directly (what image mode expects). */
    static boolean isImageFolder(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.anyMatch(f -> Files.isRegularFile(f) && isImage(f));
        } catch (IOException e) {
            return false;
        }
    }

    /** Every image directly in the folder (sorted by name), decoded and measured on {@code threads} threads. */
    static Images readImages(Workspace ws, String userPath, String what, int threads) throws SecMlOpsException {
        Path dir = ws.resolveExisting(userPath, what);
        if (!Files.isDirectory(dir)) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' is not a folder.", "give the folder that holds the images.");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(ImageInputs::isImage).sorted().toList();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot list the " + what + " folder '" + userPath + "': " + e.getMessage() + ".",
                    "check that the folder is readable.", e);
        }
        if (files.size() < 2) {
            throw new SecMlOpsException("The " + what + " folder '" + userPath + "' holds " + files.size()
                    + " image(s) (*.jpg, *.jpeg, *.png, *.bmp, *.gif); drift tests need at least 2.", "point it at the folder of images.");
        }
        record One(SourceFile file, ImageStats stats) {
        }
        List<One> read = Parallel.map(files, threads, f -> {
            byte[] bytes;
            BufferedImage img;
            try {
                bytes = Files.readAllBytes(f);
                img = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new SecMlOpsException("Cannot read the image '" + ws.relative(f) + "': " + e.getMessage() + ".",
                        "replace or remove the damaged file.", e);
            }
            if (img == null) {
                throw new SecMlOpsException("The file '" + ws.relative(f) + "' is not an image Java can decode.",
                        "convert it to PNG or JPEG, or remove it from the folder.");
            }
            return new One(new SourceFile(ws.relative(f), ParallelHasher.sha256Hex(bytes), 1), ImageStats.of(img));
        });
        return new Images(userPath, read.stream().map(One::file).toList(), read.stream().map(One::stats).toList());
    }

    private static JsonNode agentResult(Workspace ws, String userPath, String what, String command, byte[][] bytesOut) throws SecMlOpsException {
        Path p = ws.resolveExisting(userPath, what);
        byte[] bytes;
        JsonNode n;
        try {
            bytes = Files.readAllBytes(p);
            n = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' is not readable JSON: " + firstLine(e.getMessage()) + ".",
                    "give the JSON that 'detector-agent " + command + " --out FILE' wrote.", e);
        }
        bytesOut[0] = bytes;
        if (n == null || !AGENT_SCHEMA.equals(n.path("schema").asText()) || !command.equals(n.path("command").asText())) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' is not a detector-agent " + command + " result (schema '"
                    + AGENT_SCHEMA + "', command '" + command + "').", "give the JSON that 'detector-agent " + command + " --out FILE' wrote.");
        }
        if (!"ok".equals(n.path("status").asText())) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' records a failed " + command + ": " + n.path("problem").asText("no problem given")
                    + ".", n.path("fix").asText("run detector-agent " + command + " again."));
        }
        return n;
    }

    static Embeddings readEmbeddings(Workspace ws, String userPath, String what) throws SecMlOpsException {
        byte[][] raw = new byte[1][];
        JsonNode n = agentResult(ws, userPath, what, "embed", raw);
        JsonNode vs = n.path("vectors");
        if (!vs.isArray() || vs.size() < 2) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' holds " + (vs.isArray() ? vs.size() : 0)
                    + " vector(s); MMD needs at least 2 per side.", "embed more images (detector-agent embed --input DIR).");
        }
        int dim = -1;
        double[][] out = new double[vs.size()][];
        List<String> files = new ArrayList<>();
        for (int i = 0; i < vs.size(); i++) {
            JsonNode e = vs.get(i);
            JsonNode v = e.path("vector");
            String file = e.path("file").asText("vector " + i);
            if (!v.isArray() || v.isEmpty()) {
                throw new SecMlOpsException("The " + what + " '" + userPath + "' has no vector for '" + file + "'.", "run detector-agent embed again.");
            }
            if (dim < 0) {
                dim = v.size();
            } else if (v.size() != dim) {
                throw new SecMlOpsException("The " + what + " '" + userPath + "' mixes vector lengths: '" + file + "' has " + v.size()
                        + ", the first has " + dim + ".", "embed every image with the same model and tensor.");
            }
            double[] d = new double[dim];
            for (int k = 0; k < dim; k++) {
                JsonNode x = v.get(k);
                d[k] = x.isNumber() ? x.asDouble() : Double.NaN;
                if (!Double.isFinite(d[k])) {
                    throw new SecMlOpsException("The " + what + " '" + userPath + "' has a value that is not a finite number in the vector of '"
                            + file + "' (component " + k + ").", "check the model; embeddings must be finite.");
                }
            }
            out[i] = d;
            files.add(file);
        }
        return new Embeddings(userPath, ParallelHasher.sha256Hex(raw[0]), n.path("tensor").asText(null), dim, files, out);
    }

    static Detections readDetections(Workspace ws, String userPath, String what) throws SecMlOpsException {
        byte[][] raw = new byte[1][];
        JsonNode n = agentResult(ws, userPath, what, "detect", raw);
        JsonNode imgs = n.path("images");
        if (!imgs.isArray() || imgs.size() < 2) {
            throw new SecMlOpsException("The " + what + " '" + userPath + "' covers " + (imgs.isArray() ? imgs.size() : 0)
                    + " image(s); drift tests need at least 2.", "run detector-agent detect on the whole folder.");
        }
        double[] persons = new double[imgs.size()];
        List<Double> scores = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < imgs.size(); i++) {
            JsonNode im = imgs.get(i);
            files.add(im.path("file").asText("image " + i));
            persons[i] = im.path("persons").asDouble();
            for (JsonNode d : im.path("detections")) {
                if (d.path("classId").asInt(0) == 0) {
                    scores.add(d.path("score").asDouble());
                }
            }
        }
        JsonNode t = n.path("parameters").path("scoreThreshold");
        return new Detections(userPath, ParallelHasher.sha256Hex(raw[0]), t.isNumber() ? t.asDouble() : null, files, persons,
                scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Checks that an embed or detect result covers exactly the folder's images, comparing each path's last two parts
     * (folder and file name): the agent may have run elsewhere, with absolute or relative paths.
     */
    static void checkCovers(Images images, List<String> files, String what, String userPath) throws SecMlOpsException {
        List<String> want = images.files().stream().map(f -> name(f.path())).sorted().toList();
        List<String> have = files.stream().map(ImageInputs::name).sorted().toList();
        if (!want.equals(have)) {
            List<String> missing = new ArrayList<>(want);
            missing.removeAll(have);
            List<String> extra = new ArrayList<>(have);
            extra.removeAll(want);
            throw new SecMlOpsException("The " + what + " '" + userPath + "' does not cover the images of '" + images.label() + "': "
                    + (missing.isEmpty() ? "" : "missing " + preview(missing) + (extra.isEmpty() ? "" : "; ")) + (extra.isEmpty() ? "" : "not in the folder " + preview(extra))
                    + ".", "run the detector agent on that same folder again.");
        }
    }

    private static String preview(List<String> l) {
        return l.size() <= 3 ? l.toString() : l.subList(0, 3) + " and " + (l.size() - 3) + " more";
    }

    private static String name(String path) {
        String p = path.replace('\\', '/');
        int last = p.lastIndexOf('/');
        return last < 0 ? p : p.substring(p.lastIndexOf('/', last - 1) + 1);
    }

    /** Statistics and detector output as columns for the tabular tests. */
    static Table table(String role, Images images, Detections det) {
        LinkedHashMap<String, ColumnData> cols = new LinkedHashMap<>();
        for (int k = 0; k < ImageStats.COLUMNS.length; k++) {
            ColumnData c = new ColumnData(ImageStats.COLUMNS[k], ColumnType.NUMERIC);
            for (ImageStats s : images.stats()) {
                c.addNumber(s.values()[k]);
            }
            cols.put(c.name, c);
        }
        List<SourceFile> sources = new ArrayList<>(images.files());
        if (det != null) {
            ColumnData persons = new ColumnData("persons", ColumnType.NUMERIC);
            for (double v : det.persons()) {
                persons.addNumber(v);
            }
            cols.put(persons.name, persons);
            // One value per detection, not per image: the score distribution.
            ColumnData score = new ColumnData("score", ColumnType.NUMERIC);
            for (double v : det.scores()) {
                score.addNumber(v);
            }
            cols.put(score.name, score);
            sources.add(new SourceFile(det.label(), det.sha256(), det.persons().length));
        }
        return new Table(DataFormat.CSV, sources, cols, images.stats().size(), images.label() + " (" + role + ")");
    }

    static Map<String, Object> describe(Embeddings e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", e.label());
        m.put("sha256", e.sha256());
        m.put("tensor", e.tensor());
        m.put("vectors", e.vectors().length);
        m.put("dimension", e.dimension());
        return m;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }
}
