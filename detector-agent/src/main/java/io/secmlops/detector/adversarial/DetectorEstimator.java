package io.secmlops.detector.adversarial;

import io.secmlops.detector.detect.Detector;
import io.secmlops.detector.model.LoadedModel;
import io.secmlops.detector.model.TensorSpec;
import io.secmlops.engine.SecMlOpsException;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TensorFlow detector (TFJS-imported graph or SavedModel) as an {@link Estimator}. Predictions come from the model's
 * decoded {@code detections} output through {@link Detector}; the loss is written on the score heatmap before decoding
 * (CenterNet: the {@code keypoints} output, whose producer is a Sigmoid, so its input gives the logits), and its
 * gradient with respect to the input placeholder comes from {@link Graph#addGradients} (TensorFlow's C++ gradient
 * registry). The loss ops are added once, under {@code secmlops_adversarial/}.
 */
public final class DetectorEstimator implements Estimator {

    /** The heatmap output keys tried in order when none is named. */
    public static final List<String> HEATMAP_KEYS = List.of("keypoints", "heatmap", "scores_heatmap");

    private final LoadedModel model;
    private final Detector detector;
    private final Objective objective;
    private final int size;
    private final int heatH;
    private final int heatW;
    private final String inputName;
    private final Output<?> a;
    private final Output<?> b;
    private final Output<?> loss;
    private final Output<?> gradient;
    private final double nmsIou;
    private int forwardPasses;
    private int backwardPasses;

    /**
     * @param heatmapKey an output key or graph tensor holding per-class scores [1,h,w,C] (sigmoid or logits); null
     *                   picks one of {@link #HEATMAP_KEYS}
     */
    public DetectorEstimator(LoadedModel model, Objective objective, String heatmapKey, double nmsIou) throws SecMlOpsException {
        this(model, objective, heatmapKey, nmsIou, true);
    }

    /** @param withGradient false for black-box use only (forward passes): no gradient ops are added, none is checked */
    public DetectorEstimator(LoadedModel model, Objective objective, String heatmapKey, double nmsIou, boolean withGradient) throws SecMlOpsException {
        this.model = model;
        this.detector = new Detector(model);
        this.objective = objective;
        this.size = detector.inputSize();
        this.nmsIou = nmsIou;
        Graph g = model.graph();
        TensorSpec in = model.inputs().get(detector.inputKey());
        this.inputName = in.name();
        Output<?> input = output(g, inputName);
        Output<?> heat = output(g, heatmapName(model, heatmapKey));
        long[] hs = heat.shape().asArray();
        if (hs.length != 4 || hs[1] <= 0 || hs[2] <= 0 || hs[3] <= 0) {
            throw new SecMlOpsException("The heatmap " + heat.op().name() + " has shape " + java.util.Arrays.toString(hs) + ", not [1,h,w,classes].",
                    "Name the per-class score map with --heatmap (CenterNet: keypoints).");
        }
        this.heatH = (int) hs[1];
        this.heatW = (int) hs[2];
        int classes = (int) hs[3];

        Ops tf = Ops.create(g).withSubScope("secmlops_adversarial");
        @SuppressWarnings("unchecked")
        Operand<TFloat32> z = logitsOf(tf, (Output<TFloat32>) heat);
        // The person channel by a one-hot product and a sum: Mul and Sum have gradients everywhere
        float[] oneHot = new float[classes];
        oneHot[Detector.PERSON] = 1;
        Operand<TFloat32> person = tf.reduceSum(tf.math.mul(z, tf.constant(oneHot)), tf.constant(new int[] {3}), org.tensorflow.op.core.ReduceSum.keepDims(true));
        Placeholder<TFloat32> pa = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, heatH, heatW, 1)));
        Placeholder<TFloat32> pb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, heatH, heatW, 1)));
        // loss = sum(a * softplus(z) + b * z); the objective sets a and b per image (see Objective)
        Operand<TFloat32> terms = tf.math.add(tf.math.mul(pa, tf.math.softplus(person)), tf.math.mul(pb, person));
        Operand<TFloat32> l = tf.reduceSum(terms, tf.constant(new int[] {0, 1, 2, 3}));
        this.a = pa.asOutput();
        this.b = pb.asOutput();
        this.loss = l.asOutput();
        this.gradient = withGradient ? gradientOf(g, loss, input, model.source()) : null;
    }

    private static String heatmapName(LoadedModel model, String key) throws SecMlOpsException {
        Map<String, TensorSpec> outs = model.outputs();
        if (key != null) {
            TensorSpec s = outs.get(key);
            return s != null ? s.name() : key;
        }
        for (String k : HEATMAP_KEYS) {
            for (Map.Entry<String, TensorSpec> e : outs.entrySet()) {
                if (e.getKey().equals(k) || e.getKey().endsWith("/" + k)) {
                    return e.getValue().name();
                }
            }
        }
        throw new SecMlOpsException("The model " + model.source() + " has no score heatmap output (looked for " + HEATMAP_KEYS + " among " + outs.keySet() + ").",
                "Name the per-class score map [1,h,w,classes] with --heatmap TENSOR.");
    }

    static Output<?> output(Graph g, String name) throws SecMlOpsException {
        int colon = name.lastIndexOf(':');
        String op = colon > 0 ? name.substring(0, colon) : name;
        int index = colon > 0 ? Integer.parseInt(name.substring(colon + 1)) : 0;
        GraphOperation o = g.operation(op);
        if (o == null) {
            throw new SecMlOpsException("The graph has no tensor '" + name + "'.", "Name an existing graph tensor (see detector-agent/README.md).");
        }
        return o.output(index);
    }

    /** Logits of a score map: the input of its Sigmoid when there is one (through Identity), else log(p / (1 - p)). */
    private static Operand<TFloat32> logitsOf(Ops tf, Output<TFloat32> heat) {
        GraphOperation op = (GraphOperation) heat.op();
        while (op.type().equals("Identity")) {
            op = (GraphOperation) op.input(0).op();
        }
        if (op.type().equals("Sigmoid")) {
            @SuppressWarnings("unchecked")
            Output<TFloat32> logits = (Output<TFloat32>) op.input(0);
            return logits;
        }
        Operand<TFloat32> p = tf.clipByValue(heat, tf.constant(1e-6f), tf.constant(1 - 1e-6f));
        return tf.math.sub(tf.math.log(p), tf.math.log(tf.math.sub(tf.constant(1f), p)));
    }

    private static final Pattern NO_GRADIENT = Pattern.compile("No gradient defined for op: ?([A-Za-z0-9_]+)");

    /**
     * d loss / d input. TensorFlow refuses when an op on the path has no registered gradient; the message names
     * that op (and its nodes) and points at the black-box attack, which needs forward passes only.
     */
    private static Output<?> gradientOf(Graph g, Output<?> loss, Output<?> input, String source) throws SecMlOpsException {
        try {
            return g.addGradients(loss, new Output<?>[] {input})[0];
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            Matcher m = NO_GRADIENT.matcher(msg);
            String op = m.find() ? m.group(1) : null;
            List<String> nodes = new ArrayList<>();
            if (op != null) {
                for (java.util.Iterator<GraphOperation> it = g.operations(); it.hasNext() && nodes.size() < 3; ) {
                    GraphOperation o = it.next();
                    if (o.type().equals(op)) {
                        nodes.add(o.name());
                    }
                }
            }
            throw new SecMlOpsException("The model " + source + " cannot be differentiated: "
                    + (op != null ? "op " + op + " (e.g. " + String.join(", ", nodes) + ") has no registered gradient" : msg) + ".",
                    "Run the black-box attack, which needs no gradient: --attacks square (or add a gradient for " + (op != null ? op : "that op") + ").", e);
        }
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public Objective objective() {
        return objective;
    }

    public Detector detector() {
        return detector;
    }

    public LoadedModel model() {
        return model;
    }

    /** Forward-only and forward-plus-backward session calls made so far (for the benchmark). */
    public int forwardPasses() {
        return forwardPasses;
    }

    public int backwardPasses() {
        return backwardPasses;
    }

    @Override
    public List<Detector.Detection> predict(Sample sample, float[] x) throws SecMlOpsException {
        forwardPasses++;
        return detector.detectPrepared(List.of(sample.withInput(x)), 0, List.of(Detector.PERSON), nmsIou).get(0).detections();
    }

    @Override
    public double loss(Sample sample, float[] x) throws SecMlOpsException {
        forwardPasses++;
        return run(sample, x, false).loss();
    }

    @Override
    public LossGradient lossGradient(Sample sample, float[] x) throws SecMlOpsException {
        if (gradient == null) {
            throw new IllegalStateException("estimator built without gradient");
        }
        backwardPasses++;
        return run(sample, x, true);
    }

    private LossGradient run(Sample sample, float[] x, boolean withGradient) throws SecMlOpsException {
        if (x.length != size * size * 3) {
            throw new IllegalArgumentException("input of " + x.length + " values for a " + size + "x" + size + "x3 model");
        }
        float[][] ab = weights(sample);
        Session s = model.session();
        try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, size, size, 3), DataBuffers.of(x, true, false));
             TFloat32 at = TFloat32.tensorOf(Shape.of(1, heatH, heatW, 1), DataBuffers.of(ab[0], true, false));
             TFloat32 bt = TFloat32.tensorOf(Shape.of(1, heatH, heatW, 1), DataBuffers.of(ab[1], true, false))) {
            Session.Runner r = s.runner().feed(inputName, xt).feed(a, at).feed(b, bt).fetch(loss);
            if (withGradient) {
                r.fetch(gradient);
            }
            try (Result res = r.run()) {
                double l = ((TFloat32) res.get(0)).getFloat();
                float[] grad = null;
                if (withGradient) {
                    TFloat32 gt = (TFloat32) res.get(1);
                    grad = new float[x.length];
                    gt.asRawTensor().data().asFloats().read(grad);
                }
                return new LossGradient(l, grad);
            }
        } catch (IllegalArgumentException | IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            throw new SecMlOpsException("Computing the attack loss on " + model.source() + " failed: " + e.getMessage(),
                    "Check that the model follows the detector contract (detector-agent/README.md).", e);
        }
    }

    /** The per-cell weights a, b of the loss for this image and objective (see {@link Objective}). */
    private float[][] weights(Sample sample) {
        int n = heatH * heatW;
        float[] wa = new float[n];
        float[] wb = new float[n];
        if (objective == Objective.VANISHING) {
            java.util.Arrays.fill(wa, -1f);
        } else {
            java.util.Arrays.fill(wa, 1f);
            for (double[] box : sample.referenceBoxes()) {
                int col = cell((box[0] + box[2]) / 2, size, heatW);
                int row = cell((box[1] + box[3]) / 2, size, heatH);
                wb[row * heatW + col] = -1f;
            }
        }
        return new float[][] {wa, wb};
    }

    private static int cell(double v, int size, int cells) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor(v * cells / size)));
    }

    /** The op types between the input and the loss (for messages and the docs). */
    public TreeSet<String> opTypes() {
        TreeSet<String> t = new TreeSet<>();
        model.graph().operations().forEachRemaining(o -> t.add(o.type()));
        return t;
    }
}
