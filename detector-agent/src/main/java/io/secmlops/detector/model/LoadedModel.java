package io.secmlops.detector.model;

import io.secmlops.detector.tfjs.ImportReport;
import io.secmlops.detector.tfjs.TfjsGraphModel;
import io.secmlops.detector.tfjs.TfjsImporter;
import io.secmlops.engine.SecMlOpsException;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model ready to run: a TFJS graph model imported by {@link TfjsImporter}, or a SavedModel (tag {@code serve},
 * signature {@code serving_default}). Inputs and outputs are addressed by signature key; any other graph tensor by
 * its node name ({@code name} or {@code name:index}).
 */
public final class LoadedModel implements AutoCloseable {

    /** What a run gave back for one fetched tensor. */
    public record FloatOutput(long[] shape, float[] data) {
    }

    private final String source;
    private final String format;
    private final Graph graph;
    private final Session session;
    private final SavedModelBundle bundle;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;
    private final ImportReport importReport;
    private final RuntimeOptions options;
    private final double loadMs;
    private Batching batching = Batching.NONE;
    private List<String> devices;

    /**
     * How the model takes a batch of images.
     *
     * @param mode               "fixed" (as declared: batch 1 unless the input says otherwise), "dynamic" (batch
     *                           dimension relaxed or already -1) or "unrolled" (see {@link BatchRewriter})
     * @param batch              images per session call: 1 when fixed, N when unrolled, 0 (any) when dynamic
     * @param singleImageOutputs for a batched model, the tensors that give each output for a batch-1 feed
     */
    public record Batching(String mode, int batch, Map<String, String> singleImageOutputs, List<String> splitOutputs, int unrolledNodes) {
        static final Batching NONE = new Batching("fixed", 1, Map.of(), List.of(), 0);
    }

    private LoadedModel(String source, String format, Graph graph, Session session, SavedModelBundle bundle, Map<String, TensorSpec> inputs,
                        Map<String, TensorSpec> outputs, ImportReport importReport, RuntimeOptions options, double loadMs) {
        this.source = source;
        this.format = format;
        this.graph = graph;
        this.session = session;
        this.bundle = bundle;
        this.inputs = inputs;
        this.outputs = outputs;
        this.importReport = importReport;
        this.options = options;
        this.loadMs = loadMs;
    }

    /** A SavedModel directory (holds saved_model.pb), a TFJS model.json, or a directory holding a model.json. */
    public static LoadedModel open(Path path, RuntimeOptions options) throws SecMlOpsException {
        return open(path, options, 1);
    }

    /**
     * As {@link #open(Path, RuntimeOptions)}, made to run {@code batch} images per session call. A TFJS model is
     * rewritten by {@link BatchRewriter}; a SavedModel must already declare a dynamic batch dimension.
     */
    public static LoadedModel open(Path path, RuntimeOptions options, int batch) throws SecMlOpsException {
        if (batch < 1) {
            throw new SecMlOpsException("--batch " + batch + " is not a batch size.", "Pass --batch 1 or more.");
        }
        if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
            return savedModel(path, options, batch);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().equals("saved_model.pb")) {
            return savedModel(path.getParent(), options, batch);
        }
        return tfjs(path, options, batch);
    }

    public static LoadedModel tfjs(Path modelJson, RuntimeOptions options) throws SecMlOpsException {
        return tfjs(modelJson, options, 1);
    }

    public static LoadedModel tfjs(Path modelJson, RuntimeOptions options, int batch) throws SecMlOpsException {
        long t0 = System.nanoTime();
        TfjsGraphModel m = TfjsImporter.load(modelJson);
        org.tensorflow.proto.GraphDef def = m.graphDef();
        Map<String, TensorSpec> ins = m.inputs();
        Map<String, TensorSpec> outs = m.outputs();
        Batching batching = Batching.NONE;
        if (batch > 1) {
            BatchRewriter.Batched b = BatchRewriter.rewrite(def, ins, outs, batch, modelJson.toString());
            def = b.graph();
            ins = b.inputs();
            outs = b.outputs();
            batching = new Batching(b.mode(), b.batch(), b.singleImageOutputs(), b.splitOutputs(), b.unrolledNodes());
        }
        Graph g = new Graph();
        try {
            g.importGraphDef(def);
        } catch (IllegalArgumentException e) {
            g.close();
            throw new SecMlOpsException("TensorFlow refused the imported graph of " + modelJson + (batch > 1 ? " (rewritten for --batch " + batch + ")" : "")
                    + ": " + e.getMessage(),
                    batch > 1 ? "Use --batch 1." : "The model uses an op or attribute this importer does not translate; re-export it or extend the importer.", e);
        }
        Session s = new Session(g, options.configProto());
        LoadedModel lm = new LoadedModel(modelJson.toString(), "tfjs-graph-model", g, s, null, ins, outs, m.report(), options, ms(t0));
        lm.batching = batching;
        return lm;
    }

    /**
     * A graph built in memory (tests, tools): takes ownership of {@code graph} and opens a session on it. Inputs and
     * outputs map signature keys to graph tensors as for a loaded model.
     */
    public static LoadedModel fromGraph(String source, Graph graph, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs,
                                        RuntimeOptions options) {
        Session s = new Session(graph, options.configProto());
        return new LoadedModel(source, "in-memory-graph", graph, s, null, inputs, outputs, null, options, 0);
    }

    public static LoadedModel savedModel(Path dir, RuntimeOptions options) throws SecMlOpsException {
        return savedModel(dir, options, 1);
    }

    /** A SavedModel; {@code batch} > 1 only when every input's leading dimension is -1 (the graph cannot be rewritten on load). */
    public static LoadedModel savedModel(Path dir, RuntimeOptions options, int batch) throws SecMlOpsException {
        LoadedModel m = savedModel0(dir, options);
        if (batch > 1) {
            for (Map.Entry<String, TensorSpec> e : m.inputs.entrySet()) {
                long[] sh = e.getValue().shape();
                if (sh == null || sh.length == 0 || sh[0] != -1) {
                    m.close();
                    throw new SecMlOpsException("The SavedModel in " + dir + " declares input '" + e.getKey() + "' as " + java.util.Arrays.toString(sh)
                            + ", a fixed batch of " + (sh == null || sh.length == 0 ? "?" : sh[0]) + ", so it cannot run --batch " + batch + ".",
                            "Use --batch 1, or give the TFJS model (which is rewritten to run batches on load; see detector-agent/README.md).");
                }
            }
            Map<String, String> single = new LinkedHashMap<>();
            m.outputs.forEach((k, v) -> single.put(k, v.name()));
            m.batching = new Batching("dynamic", 0, single, List.of(), 0);
        }
        return m;
    }

    private static LoadedModel savedModel0(Path dir, RuntimeOptions options) throws SecMlOpsException {
        long t0 = System.nanoTime();
        SavedModelBundle b;
        try {
            b = SavedModelBundle.loader(dir.toString()).withTags(SavedModelBundle.DEFAULT_TAG).withConfigProto(options.configProto()).load();
        } catch (RuntimeException e) {
            throw new SecMlOpsException("Cannot load the SavedModel in " + dir + ": " + e.getMessage(),
                    "Pass a SavedModel directory with tag 'serve' (as `detector-agent export` writes).", e);
        }
        SignatureDef sig = b.metaGraphDef().getSignatureDefMap().get("serving_default");
        if (sig == null) {
            b.close();
            throw new SecMlOpsException("The SavedModel in " + dir + " has no 'serving_default' signature (it has "
                    + b.metaGraphDef().getSignatureDefMap().keySet() + ").", "Export it with a serving_default signature (see detector-agent/README.md).");
        }
        return new LoadedModel(dir.toString(), "saved-model", b.graph(), b.session(), b, specs(sig.getInputsMap()), specs(sig.getOutputsMap()),
                null, options, ms(t0));
    }

    private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos) {
        Map<String, TensorSpec> out = new LinkedHashMap<>();
        new TreeSet<>(infos.keySet()).forEach(k -> {
            TensorInfo i = infos.get(k);
            long[] shape = null;
            if (i.hasTensorShape() && !i.getTensorShape().getUnknownRank()) {
                shape = i.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
            }
            out.put(k, new TensorSpec(i.getName(), i.getDtype().name(), shape));
        });
        return out;
    }

    private static double ms(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e4) / 100.0;
    }

    /**
     * Runs the graph: feeds {@code input} (a float tensor of {@code shape}) to the tensor named by signature key or
     * graph name {@code inputKey}, and fetches each of {@code fetches} (signature keys or graph tensor names).
     */
    public Map<String, FloatOutput> run(String inputKey, float[] input, long[] shape, List<String> fetches) throws SecMlOpsException {
        List<String> names = new ArrayList<>();
        for (String f : fetches) {
            names.add(tensorName(f, outputs));
        }
        return run0(tensorName(inputKey, inputs), input, shape, fetches, names);
    }

    /**
     * As {@link #run}, but {@code fetches} are graph tensor names only, never signature keys (a batched model's
     * signature key can name a different tensor than the graph node of the same name).
     */
    public Map<String, FloatOutput> runGraphTensors(String inputKey, float[] input, long[] shape, List<String> fetches) throws SecMlOpsException {
        for (String f : fetches) {
            String node = f.contains(":") ? f.substring(0, f.lastIndexOf(':')) : f;
            if (graph.operation(node) == null) {
                throw new SecMlOpsException("The model " + source + " has no graph tensor '" + f + "'.", "Name an existing graph node.");
            }
        }
        return run0(tensorName(inputKey, inputs), input, shape, fetches, fetches);
    }

    private Map<String, FloatOutput> run0(String in, float[] input, long[] shape, List<String> fetches, List<String> names) throws SecMlOpsException {
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input, true, false))) {
            Session.Runner r = session.runner().feed(in, x);
            for (String n : names) {
                r.fetch(n);
            }
            Result res;
            boolean trace = devices == null;
            if (trace) {
                r.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build());
                res = r.runAndFetchMetadata();
            } else {
                res = r.run();
            }
            try (res) {
                if (trace) {
                    TreeSet<String> devs = new TreeSet<>();
                    res.getMetadata().ifPresent(md -> {
                        for (DeviceStepStats d : md.getStepStats().getDevStatsList()) {
                            if (d.getNodeStatsCount() > 0) {
                                devs.add(d.getDevice());
                            }
                        }
                    });
                    devices = List.copyOf(devs);
                }
                Map<String, FloatOutput> out = new LinkedHashMap<>();
                for (int i = 0; i < fetches.size(); i++) {
                    Tensor t = res.get(i);
                    if (!(t instanceof TFloat32 f)) {
                        throw new SecMlOpsException("Tensor " + names.get(i) + " is " + t.dataType() + ", not float32.", "Fetch a float32 tensor.");
                    }
                    float[] data = new float[(int) f.size()];
                    f.asRawTensor().data().asFloats().read(data);
                    out.put(fetches.get(i), new FloatOutput(f.shape().asArray(), data));
                }
                return out;
            }
        } catch (IllegalArgumentException | IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new SecMlOpsException("Running " + source + " failed: " + e.getMessage(), "Check the input shape and the tensor names.", e);
        }
    }

    /** A signature key maps to its tensor; anything else is taken as a graph tensor name (must exist). */
    private String tensorName(String key, Map<String, TensorSpec> sig) throws SecMlOpsException {
        TensorSpec s = sig.get(key);
        String name = s != null ? s.name() : key;
        String node = name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
        if (graph.operation(node) == null) {
            throw new SecMlOpsException("The model " + source + " has no tensor '" + key + "' (signature keys: inputs " + inputs.keySet()
                    + ", outputs " + outputs.keySet() + ").", "Name a signature key or an existing graph node.");
        }
        return name;
    }

    /** The devices that ran ops in the first run (e.g. /job:localhost/replica:0/task:0/device:CPU:0); empty before any run. */
    public List<String> devices() {
        return devices == null ? List.of() : devices;
    }

    /** "GPU" when any op ran on a GPU, else "CPU". */
    public String deviceKind() {
        return devices().stream().anyMatch(d -> d.contains("GPU")) ? "GPU" : "CPU";
    }

    public Graph graph() {
        return graph;
    }

    public Session session() {
        return session;
    }

    public String source() {
        return source;
    }

    public String format() {
        return format;
    }

    public Map<String, TensorSpec> inputs() {
        return inputs;
    }

    public Map<String, TensorSpec> outputs() {
        return outputs;
    }

    /** Null for a SavedModel. */
    public ImportReport importReport() {
        return importReport;
    }

    public RuntimeOptions options() {
        return options;
    }

    public double loadMs() {
        return loadMs;
    }

    public Batching batching() {
        return batching;
    }

    public static String tensorflowVersion() {
        return TensorFlow.version();
    }

    @Override
    public void close() {
        if (bundle != null) {
            bundle.close();
        } else {
            session.close();
            graph.close();
        }
    }
}
