package io.secmlops.detector.adversarial;

import io.secmlops.detector.model.LoadedModel;
import io.secmlops.detector.model.RuntimeOptions;
import io.secmlops.detector.model.TensorSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A CenterNet-shaped detector small enough for property tests, built as a real TensorFlow graph:
 * <pre>
 *   images [1,16,16,3] 0..255 -> /255 -> Conv2D 3x3x3x4 SAME + bias -> Relu -> AvgPool 4x4/4 -> Conv2D 1x1x4x2 + bias
 *     -> Sigmoid -> keypoints [1,4,4,2] (class 0 = person)
 *   keypoints -> TopK(8) over the 32 cells x classes -> boxes 6x8 px round each cell centre -> detections [1,8,6]
 * </pre>
 * {@code withRound} puts a Round (an op without a registered gradient) after the scaling.
 */
final class TinyDetector {
    static final int S = 16;

    private TinyDetector() {
    }

    static LoadedModel build(long seed, boolean withRound) {
        Random r = new Random(seed);
        Graph g = new Graph();
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, S, S, 3)));
        Operand<TFloat32> scaled = tf.math.mul(x, tf.constant(1f / 255));
        if (withRound) {
            scaled = tf.math.round(scaled);
        }
        Operand<TFloat32> c1 = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(scaled, tf.constant(gauss(r, 3, 3, 3, 4, 0.4)), List.of(1L, 1L, 1L, 1L), "SAME"),
                tf.constant(new float[] {0.1f, -0.1f, 0.05f, 0f})));
        Operand<TFloat32> pooled = tf.nn.avgPool(c1, List.of(1L, 4L, 4L, 1L), List.of(1L, 4L, 4L, 1L), "VALID");
        Operand<TFloat32> logits = tf.nn.biasAdd(tf.nn.conv2d(pooled, tf.constant(gauss(r, 1, 1, 4, 2, 1.5)), List.of(1L, 1L, 1L, 1L), "VALID"),
                tf.constant(new float[] {-7f, -7f}));
        Operand<TFloat32> heat = tf.withName("keypoints").identity(tf.math.sigmoid(logits));

        var top = tf.nn.topK(tf.reshape(heat, tf.constant(new int[] {1, 32})), tf.constant(8), TInt32.class);
        Operand<TInt32> idx = top.indices();
        Operand<TInt32> cls = tf.math.floorMod(idx, tf.constant(2));
        Operand<TInt32> cellIdx = tf.math.floorDiv(idx, tf.constant(2));
        Operand<TFloat32> row = tf.dtypes.cast(tf.math.floorDiv(cellIdx, tf.constant(4)), TFloat32.class);
        Operand<TFloat32> col = tf.dtypes.cast(tf.math.floorMod(cellIdx, tf.constant(4)), TFloat32.class);
        Operand<TFloat32> cx = tf.math.add(tf.math.mul(col, tf.constant(4f)), tf.constant(2f));
        Operand<TFloat32> cy = tf.math.add(tf.math.mul(row, tf.constant(4f)), tf.constant(2f));
        Operand<TFloat32> det = tf.withName("detections").stack(List.of(
                tf.math.sub(cx, tf.constant(3f)), tf.math.sub(cy, tf.constant(4f)), tf.math.add(cx, tf.constant(3f)), tf.math.add(cy, tf.constant(4f)),
                top.values(), tf.dtypes.cast(cls, TFloat32.class)), Stack.axis(2L));
        return LoadedModel.fromGraph("tiny-detector(seed " + seed + ")", g,
                Map.of("images", new TensorSpec("images", "DT_FLOAT", new long[] {1, S, S, 3})),
                Map.of("detections", new TensorSpec(det.op().name(), "DT_FLOAT", new long[] {1, 8, 6}),
                        "keypoints", new TensorSpec(heat.op().name(), "DT_FLOAT", new long[] {1, 4, 4, 2})),
                new RuntimeOptions(1, 1));
    }

    private static float[][][][] gauss(Random r, int a, int b, int c, int d, double sd) {
        float[][][][] w = new float[a][b][c][d];
        for (float[][][] x : w) {
            for (float[][] y : x) {
                for (float[] z : y) {
                    for (int i = 0; i < z.length; i++) {
                        z[i] = (float) (r.nextGaussian() * sd);
                    }
                }
            }
        }
        return w;
    }
}
