package io.secmlops.detector.cli;

import io.secmlops.detector.adversarial.transform.Corruption;
import io.secmlops.detector.adversarial.transform.Corruptions;
import io.secmlops.detector.adversarial.transform.JpegCodec;
import io.secmlops.detector.adversarial.transform.Pixels;
import io.secmlops.engine.Parallel;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

@Command(name = "corrupt", mixinStandardHelpOptions = true,
        description = "Write a corrupted copy of every image of a folder (natural corruptions at severity 1..5, ImageNet-C parameters), "
                + "for robustness and drift tests.")
public final class CorruptCommand extends AgentCommand {
    /** JPEG inputs are written back as JPEG at this quality, so the re-encoding adds little beside the corruption. */
    static final int OUTPUT_JPEG_QUALITY = 95;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of images (.png, .jpg, .jpeg, .bmp; not recursive).")
    Path data;

    @Option(names = "--corruption", required = true, paramLabel = "NAME",
            description = "gaussian-noise, blur, brightness, contrast, haze, jpeg or darken.")
    String corruption;

    @Option(names = "--severity", required = true, paramLabel = "N", description = "1 (mild) to 5 (severe).")
    int severity;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random corruptions; each image draws from its own stream keyed by its name. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Where the corrupted copies go (same file names); not inside --data.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Images corrupted in parallel. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override
    String name() {
        return "corrupt";
    }

    @Override
    Map<String, Object> execute() throws SecMlOpsException {
        long start = System.nanoTime();
        Corruption c = Corruptions.byName(corruption, severity);
        if (threads < 1) {
            throw new SecMlOpsException("--threads " + threads + " is less than 1.", "Pass --threads 1 or more.");
        }
        List<Path> images = listImages();
        Path target = checkOutDir();
        Path staging;
        try {
            Files.createDirectories(target);
            staging = Files.createTempDirectory(target, ".corrupt-staging-");
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot create --out-dir " + outDir + ": " + e.getMessage(), "Check the path and the permissions.", e);
        }
        // every copy is made in a hidden staging folder first: an unreadable image stops the run before any output changes
        try {
            List<Map<String, Object>> files = Parallel.map(images, threads, p -> corrupt(c, p, staging), (done, total) ->
                    progress(done + "/" + total + " images"));
            for (Map<String, Object> f : files) {
                String file = (String) f.get("file");
                AtomicFiles.move(staging.resolve(file), target.resolve(file));
                f.put("out", target.resolve(file).toString());
            }
            progress(files.size() + " image(s) " + c.name() + "@" + c.severity() + " into " + target);
            Map<String, Object> res = Results.head(name());
            res.put("data", data.toString());
            res.put("outDir", target.toString());
            Map<String, Object> corr = new LinkedHashMap<>();
            corr.put("name", c.name());
            corr.put("severity", c.severity());
            corr.put("parameters", c.parameters());
            res.put("corruption", corr);
            res.put("seed", seed);
            res.put("outputJpegQuality", OUTPUT_JPEG_QUALITY);
            res.put("images", files.size());
            res.put("files", files);
            res.put("timings", Map.of("totalMs", (System.nanoTime() - start) / 1_000_000));
            return res;
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot move the corrupted images into " + target + ": " + e.getMessage(), "Check the free space and the permissions.", e);
        } finally {
            deleteTree(staging);
        }
    }

    private List<Path> listImages() throws SecMlOpsException {
        if (!Files.isDirectory(data)) {
            throw new SecMlOpsException("--data " + data + " is not a folder.", "Pass the folder that holds the images.");
        }
        List<Path> images;
        try (Stream<Path> s = Files.list(data)) {
            images = s.filter(Files::isRegularFile).filter(Images::isImage).sorted().toList();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot list --data " + data + ": " + e.getMessage(), "Check the permissions.", e);
        }
        if (images.isEmpty()) {
            throw new SecMlOpsException("--data " + data + " holds no images.", "Pass a folder with .png, .jpg, .jpeg or .bmp files.");
        }
        return images;
    }

    /** The output folder, refused when it is the input folder or inside it (a second run would corrupt the copies). */
    private Path checkOutDir() throws SecMlOpsException {
        try {
            Path in = data.toRealPath();
            Path out = outDir.toAbsolutePath().normalize();
            // resolve links of the part that exists, so that a link into --data is caught too
            Path existing = out;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            Path real = existing == null ? out : existing.toRealPath().resolve(existing.relativize(out));
            if (real.startsWith(in)) {
                throw new SecMlOpsException("--out-dir " + outDir + (real.equals(in) ? " is the --data folder " : " is inside --data ") + data + ".",
                        "Pass an --out-dir outside the input folder, e.g. " + in.resolveSibling(in.getFileName() + "-" + corruption + "-" + severity) + ".");
            }
            return out;
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot resolve --out-dir " + outDir + ": " + e.getMessage(), "Check the path.", e);
        }
    }

    private Map<String, Object> corrupt(Corruption c, Path image, Path staging) throws SecMlOpsException {
        BufferedImage img = Images.read(image);
        int w = img.getWidth();
        int h = img.getHeight();
        String file = image.getFileName().toString();
        float[] original = Pixels.fromImage(img);
        float[] changed = c.apply(original, w, h, new SplittableRandom(streamSeed(seed, file)));
        BufferedImage out = Pixels.toImage(changed, w, h);
        String format = format(file);
        byte[] bytes = encode(out, format);
        try {
            Path to = staging.resolve(file);
            Files.write(to, bytes);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", file);
            r.put("format", format);
            r.put("width", w);
            r.put("height", h);
            r.put("psnr", psnr(original, Pixels.fromImage(out)));
            r.put("sha256", "sha256:" + Results.sha256(to));
            return r;
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot write the corrupted copy of " + image + ": " + e.getMessage(), "Check the free space.", e);
        }
    }

    /** One stream per image, keyed by its name: an image gets the same noise whether corrupted alone or with others. */
    static long streamSeed(long seed, String file) {
        long h = 1125899906842597L;
        for (byte b : file.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return seed * 0x9E3779B97F4A7C15L ^ h;
    }

    static String format(String file) {
        String n = file.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") ? "png" : n.endsWith(".bmp") ? "bmp" : "jpeg";
    }

    private static byte[] encode(BufferedImage img, String format) throws SecMlOpsException {
        if (format.equals("jpeg")) {
            return JpegCodec.encode(img, OUTPUT_JPEG_QUALITY);
        }
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, b)) {
                throw new SecMlOpsException("This JDK cannot write " + format + ".", "Convert the images to PNG or JPEG.");
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot encode " + format + ": " + e.getMessage(), "Convert the images to PNG or JPEG.", e);
        }
    }

    /** PSNR in dB of the written 8-bit copy against the original, rounded to 0.01; null when identical (infinite). */
    private static Double psnr(float[] a, float[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        return se == 0 ? null : Math.round(100 * 10 * Math.log10(255.0 * 255.0 * a.length / se)) / 100.0;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden staging folder is harmless; the next run makes its own
        }
    }
}
