package io.secmlops.audit.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.secmlops.audit.Severity;
import io.secmlops.engine.ProgressListener;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactScanTest {
    @TempDir
    Path ws;

    /** What torch.save(state_dict) pickles into data.pkl: an OrderedDict of _rebuild_tensor_v2 over a persistent storage. */
    static byte[] torchStateDict() {
        return new PickleBytes().proto(2)
                .global("collections", "OrderedDict").binput(0).op(')').reduce().binput(1)
                .mark()
                .unicode("conv.weight")
                .global("torch._utils", "_rebuild_tensor_v2").binput(2)
                .mark()
                .mark().unicode("storage").global("torch", "FloatStorage").binput(3).unicode("0").unicode("cpu")
                .binint1(4).op('t').op('Q')
                .binint1(0)
                .binint1(2).binint1(2).op(0x86)
                .binint1(2).binint1(1).op(0x86)
                .op(0x89)
                .global("collections", "OrderedDict").op(')').reduce()
                .op('t').reduce()
                .op('u')
                .stop().bytes();
    }

    static byte[] evilPickle() {
        return new PickleBytes().proto(2).global("os", "system").shortString("id").tuple1().reduce().stop().bytes();
    }

    static byte[] zip(String[] names, byte[][] contents) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < names.length; i++) {
                ZipEntry e = new ZipEntry(names[i]);
                z.putNextEntry(e);
                z.write(contents[i]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] torchZip(byte[] dataPkl) throws Exception {
        return zip(new String[] {"archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"},
                new byte[][] {dataPkl, "little".getBytes(StandardCharsets.US_ASCII), new byte[16], "3\n".getBytes(StandardCharsets.US_ASCII)});
    }

    private Path write(String rel, byte[] content) throws Exception {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    @Test
    void torchZipCheckpointIsScannedInMemory() throws Exception {
        Path pt = write("models/good.pt", torchZip(torchStateDict()));
        ScanReport r = ArtifactScan.report(pt, GlobalPolicy.defaults());
        assertThat(r.findings()).isEmpty();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.format()).isEqualTo("pytorch-zip");
            assertThat(f.detail()).contains("4 entries, 1 pickle(s)");
            assertThat(f.imports()).containsOnlyKeys("collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage");
        });

        Path evil = write("models/evil.pth", torchZip(evilPickle()));
        List<Finding> f = ArtifactScan.findings(evil);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.file()).isEqualTo("evil.pth!archive/data.pkl");
            assertThat(x.global()).isEqualTo("os.system");
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void zipSlipAndDuplicateEntriesAreCriticalAndNothingIsExtracted() throws Exception {
        byte[] z = new RawZip().add("archive/data.pkl", torchStateDict()).add("../evil", "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII))
                .add("/etc/evil2", new byte[1]).add("archive/data.pkl", evilPickle()).bytes();
        // Nested, so that a naive extraction of '../evil' next to the zip would land inside this test's own folder.
        Path pt = write("deep/models/slip.pt", z);
        List<Finding> f = ArtifactScan.findings(pt);
        assertThat(f).extracting(Finding::kind, Finding::file, Finding::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Finding.ZIP_PATH_TRAVERSAL, "slip.pt!../evil", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(Finding.ZIP_PATH_TRAVERSAL, "slip.pt!/etc/evil2", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(Finding.ZIP_DUPLICATE_ENTRY, "slip.pt!archive/data.pkl", Severity.CRITICAL));
        assertThat(ws.resolve("deep/evil")).doesNotExist();
        assertThat(Path.of("/etc/evil2")).doesNotExist();
        try (Stream<Path> s = Files.walk(ws)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> ws.relativize(p).toString())).containsExactly("deep/models/slip.pt");
        }
    }

    @Test
    void truncatedZipIsAClearError() throws Exception {
        byte[] whole = torchZip(torchStateDict());
        Path pt = write("models/cut.pt", Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> ArtifactScan.findings(pt)).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("'cut.pt' is a truncated or damaged zip archive");
    }

    @Test
    void truncatedPickleFileIsAClearError() throws Exception {
        byte[] p = torchStateDict();
        Path pkl = write("models/cut.pkl", Arrays.copyOf(p, p.length - 10));
        assertThatThrownBy(() -> ArtifactScan.findings(pkl)).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("'cut.pkl'").hasMessageContaining("offset");
    }

    @Test
    void legacyTorchFormatReadsItsFivePicklesAndSkipsTheStorages() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex("80028a0a6cfc9c46f9206aa850192e")); // pickle.dumps(MAGIC_NUMBER, 2)
        out.writeBytes(new PickleBytes().proto(2).op('M').op(0xe9).op(0x03).stop().bytes()); // 1001
        out.writeBytes(new PickleBytes().proto(2).op('}').stop().bytes()); // sys_info
        out.writeBytes(torchStateDict());
        out.writeBytes(new PickleBytes().proto(2).op(']').unicode("0").op('a').stop().bytes()); // storage keys
        out.writeBytes(HexFormat.of().parseHex("8002000000000000")); // numel 640 looks like PROTO 2: must not be parsed
        out.writeBytes(new byte[64]);
        Path pt = write("models/legacy.pt", out.toByteArray());
        ScanReport r = ArtifactScan.report(pt, GlobalPolicy.defaults());
        assertThat(r.findings()).isEmpty();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.format()).isEqualTo("pytorch-legacy");
            assertThat(f.detail()).startsWith("5 pickle(s)").contains("72 trailing bytes (tensor storages)");
        });
    }

    @Test
    void bytesAfterStopAreReportedAndFollowingPicklesScanned() throws Exception {
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(torchStateDict());
        two.writeBytes(evilPickle());
        assertThat(ArtifactScan.findings(write("models/two.pkl", two.toByteArray())))
                .extracting(Finding::global).containsExactly("os.system");
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(torchStateDict());
        tail.writeBytes(new byte[] {'q', 5, 'c'});
        assertThat(ArtifactScan.findings(write("models/tail.pkl", tail.toByteArray()))).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.PICKLE_TRAILING_DATA);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.message()).startsWith("3 bytes after the pickle's STOP were not scanned");
        });
    }

    @Test
    void joblibRawArraysGiveAnExplainedError() throws Exception {
        // joblib writes a NumpyArrayWrapper, BUILDs it, then the array's raw bytes right inside the stream.
        byte[] joblib = new PickleBytes().proto(4).global("joblib.numpy_pickle", "NumpyArrayWrapper").op(')').op(0x81)
                .op('}').op('b').raw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}).stop().bytes();
        assertThatThrownBy(() -> ArtifactScan.findings(write("models/model.joblib", joblib)))
                .hasMessageContaining("'model.joblib' is a joblib file with NumPy arrays stored as raw bytes inside the pickle "
                        + "stream (at offset ");
    }

    @Test
    void numpyObjectArraysAreScannedAndPlainArraysPass() throws Exception {
        // np.save(b, np.array([{'k': 1}, None], dtype=object), allow_pickle=True) with NumPy 2.4.
        byte[] npy = HexFormat.of().parseHex("934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a80049594000000000000008c166e756d70792e5f636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b02859468038c0564747970659493948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d94287d948c016b944b01734e657494622e");
        Path p = write("models/obj.npy", npy);
        ScanReport r = ArtifactScan.report(p, GlobalPolicy.defaults());
        assertThat(r.findings()).isEmpty();
        assertThat(r.files().get(0).detail()).startsWith("object array: pickle of");
        assertThat(r.files().get(0).imports()).containsKey("numpy._core.multiarray._reconstruct");
    }

    @Test
    void npzArchivesAreReadEntryByEntry() throws Exception {
        byte[] header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        npy.writeBytes(header);
        npy.writeBytes(evilPickle());
        Path npz = write("models/arrays.npz", zip(new String[] {"w.npy", "obj.npy"}, new byte[][] {plainNpy(), npy.toByteArray()}));
        ScanReport r = ArtifactScan.report(npz, GlobalPolicy.defaults());
        assertThat(r.files().get(0).format()).isEqualTo("npz");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("arrays.npz!obj.npy");
            assertThat(f.global()).isEqualTo("os.system");
        });
    }

    private static byte[] plainNpy() {
        byte[] header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        npy.writeBytes(header);
        npy.writeBytes(new byte[8]);
        return npy.toByteArray();
    }

    @Test
    void torchScriptArchivesAllowTheirOwnClassesAndNoteTheirCode() throws Exception {
        byte[] dataPkl = new PickleBytes().proto(2).global("__torch__", "Detector").op(')').op(0x81).op('}').op('b').stop().bytes();
        byte[] ts = zip(new String[] {"det/data.pkl", "det/code/__torch__.py", "det/constants.pkl", "det/version"},
                new byte[][] {dataPkl, "class Detector(Module):\n  pass\n".getBytes(StandardCharsets.UTF_8), torchStateDict(),
                        "3\n".getBytes(StandardCharsets.US_ASCII)});
        ScanReport r = ArtifactScan.report(write("models/det.pt", ts), GlobalPolicy.defaults());
        assertThat(r.files().get(0).format()).isEqualTo("torchscript");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.TORCHSCRIPT_CODE);
            assertThat(f.severity()).isEqualTo(Severity.LOW);
        });
        // The same class in a plain pickle is an unknown import.
        assertThat(ArtifactScan.findings(write("models/plain.pkl", dataPkl))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void kerasMetadataOfATf2SavedModelIsChecked() throws Exception {
        String lambda = "{\"class_name\": \"Lambda\", \"name\": \"lam\", \"config\": {\"name\": \"lam\", "
                + "\"function\": [\"4wEAAAAA\", null, null], \"function_type\": \"lambda\"}}";
        byte[] meta = new ProtoWriter()
                .message(1, new ProtoWriter().int64(2, 1).string(3, "root").string(4, "_tf_keras_network").string(5, "{\"class_name\": \"Functional\"}"))
                .message(1, new ProtoWriter().int64(2, 2).string(3, "root.layer-1").string(4, "_tf_keras_layer").string(5, lambda))
                .bytes();
        Path dir = ws.resolve("models/tf2");
        write("models/tf2/keras_metadata.pb", meta);
        write("models/tf2/saved_model.pb", ProtoWriter.savedModel(ProtoWriter.graph(ProtoWriter.node("x", "Placeholder")), null));
        write("models/tf2/fingerprint.pb", new byte[] {8, 1});
        ScanReport r = ArtifactScan.report(dir, GlobalPolicy.defaults());
        assertThat(r.files()).extracting(ScanReport.ScannedFile::format)
                .containsExactly(ModelScanner.NOT_SCANNED, "keras-metadata", "savedmodel");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.KERAS_LAMBDA);
            assertThat(f.file()).isEqualTo("keras_metadata.pb");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void graphDefWithPyFuncIsCritical() throws Exception {
        byte[] graph = ProtoWriter.graph(
                ProtoWriter.node("input", "Placeholder"),
                ProtoWriter.node("py/hook", "PyFunc", "token", "pyfunc_0"),
                ProtoWriter.node("dump", "WriteFile"),
                ProtoWriter.node("peek", "ReadFile"),
                ProtoWriter.node("log", "PrintV2", "output_stream", "file:///tmp/leak.txt"),
                ProtoWriter.node("out", "Identity")).bytes();
        Path pb = write("models/frozen.pb", graph);
        List<Finding> f = ArtifactScan.findings(pb);
        assertThat(f).extracting(Finding::op, Finding::node, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PyFunc", "py/hook", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("WriteFile", "dump", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("ReadFile", "peek", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("PrintV2", "log", Severity.HIGH));
        assertThat(f.get(0).message()).contains("token 'pyfunc_0'");
        assertThat(f.get(0).offset()).isPositive();
    }

    @Test
    void savedModelSaverIsLowButSaveElsewhereIsHighAndFunctionsAreRead() throws Exception {
        ProtoWriter graph = ProtoWriter.graph(
                ProtoWriter.node("save/SaveV2", "SaveV2"),
                ProtoWriter.node("save/RestoreV2", "RestoreV2"),
                ProtoWriter.node("sneaky/SaveV2", "SaveV2"));
        graph.message(2, new ProtoWriter()
                .message(1, ProtoWriter.function("__inference__traced_save_1234", ProtoWriter.node("SaveV2", "SaveV2")))
                .message(1, ProtoWriter.function("__inference_serving_99", ProtoWriter.node("pf", "EagerPyFunc"))));
        Path pb = write("models/sm/saved_model.pb", ProtoWriter.savedModel(graph, "save/control_dependency:0"));
        write("models/sm/variables/variables.index", new byte[] {1, 2, 3});
        ScanReport r = ArtifactScan.report(ws.resolve("models/sm"), GlobalPolicy.defaults());
        assertThat(r.findings()).extracting(Finding::op, Finding::node, Finding::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("EagerPyFunc", "__inference_serving_99/pf", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("SaveV2", "sneaky/SaveV2", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("SaveV2", "save/SaveV2", Severity.LOW),
                org.assertj.core.groups.Tuple.tuple("RestoreV2", "save/RestoreV2", Severity.LOW),
                org.assertj.core.groups.Tuple.tuple("SaveV2", "__inference__traced_save_1234/SaveV2", Severity.LOW));
        assertThat(r.files()).extracting(ScanReport.ScannedFile::path, ScanReport.ScannedFile::format).containsExactly(
                org.assertj.core.groups.Tuple.tuple("saved_model.pb", "savedmodel"),
                org.assertj.core.groups.Tuple.tuple("variables/variables.index", ModelScanner.NOT_SCANNED));
        assertThat(pb).exists();
    }

    @Test
    void truncatedProtobufNamesTheOffset() throws Exception {
        byte[] graph = ProtoWriter.graph(ProtoWriter.node("a", "Const"), ProtoWriter.node("b", "PyFunc")).bytes();
        Path pb = write("models/cut.pb", Arrays.copyOf(graph, graph.length - 20));
        assertThatThrownBy(() -> ArtifactScan.findings(pb)).isInstanceOf(SecMlOpsException.class)
                .hasMessageContaining("'cut.pb' is not a valid GraphDef").hasMessageContaining("at offset");
    }

    static final String KERAS_CONFIG = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"name": "in", "batch_shape": [null, 4]}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 2,
                 "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}}}},
              {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "backdoor",
                 "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA", "defaults": null, "closure": null}}}},
              {"module": "mycompany.layers", "class_name": "Scaler", "registered_name": "Custom>Scaler", "config": {"name": "scale"}},
              {"module": "keras.layers", "class_name": "Activation", "config": {"name": "act",
                 "activation": {"module": "os", "class_name": "function", "config": "system", "registered_name": "function"}}}
            ]}}""";

    @Test
    void kerasArchiveLambdaAndCustomObjectsAreFlagged() throws Exception {
        byte[] keras = zip(new String[] {"metadata.json", "config.json", "model.weights.h5"},
                new byte[][] {"{\"keras_version\": \"3.6.0\"}".getBytes(StandardCharsets.UTF_8),
                        KERAS_CONFIG.getBytes(StandardCharsets.UTF_8), new byte[8]});
        Path k = write("models/m.keras", keras);
        ScanReport r = ArtifactScan.report(k, GlobalPolicy.defaults());
        assertThat(r.files().get(0).format()).isEqualTo("keras");
        assertThat(r.findings()).extracting(Finding::kind, Finding::layer, Finding::global, Finding::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Finding.KERAS_LAMBDA, "backdoor", null, Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(Finding.KERAS_CUSTOM_OBJECT, "act", "os.system", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple(Finding.KERAS_CUSTOM_OBJECT, "scale", "mycompany.layers.Scaler", Severity.HIGH));
    }

    @Test
    void hdf5ModelConfigIsFoundByScanning() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Lambda\", "
                + "\"config\": {\"name\": \"lam\", \"function\": [\"4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7p\", null, null], "
                + "\"function_type\": \"lambda\"}}]}}";
        ByteArrayOutputStream h5 = new ByteArrayOutputStream();
        h5.writeBytes(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        h5.writeBytes(new byte[3000]);
        h5.writeBytes("model_config".getBytes(StandardCharsets.US_ASCII));
        h5.writeBytes(new byte[40]);
        h5.writeBytes(config.getBytes(StandardCharsets.US_ASCII));
        h5.writeBytes(new byte[5000]);
        Path p = write("models/old.h5", h5.toByteArray());
        ScanReport r = ArtifactScan.report(p, GlobalPolicy.defaults());
        assertThat(r.files().get(0).format()).isEqualTo("keras-h5");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.KERAS_LAMBDA);
            assertThat(f.layer()).isEqualTo("lam");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        });

        ByteArrayOutputStream hidden = new ByteArrayOutputStream();
        hidden.writeBytes(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        hidden.writeBytes("model_config".getBytes(StandardCharsets.US_ASCII));
        hidden.writeBytes(new byte[100]);
        Path q = write("models/compressed.h5", hidden.toByteArray());
        assertThat(ArtifactScan.findings(q)).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(Finding.KERAS_CONFIG_UNVERIFIED));
    }

    @Test
    void rawWeightShardsAndJsonAreListedAsNotScanned() throws Exception {
        write("models/tfjs/model.json", "{}".getBytes(StandardCharsets.UTF_8));
        write("models/tfjs/group1-shard1of1.bin", new byte[] {0, 0, (byte) 0x80, 0x3f});
        ScanReport r = ArtifactScan.report(ws.resolve("models/tfjs"), GlobalPolicy.defaults());
        assertThat(r.findings()).isEmpty();
        assertThat(r.files()).extracting(ScanReport.ScannedFile::format).containsOnly(ModelScanner.NOT_SCANNED);
    }

    @Test
    void runWritesEvidenceAndFailsOnCritical() throws Exception {
        write("models/evil.pth", torchZip(evilPickle()));
        StepResult res = new ArtifactScan(ProgressListener.SILENT).run(
                ArtifactScanRequest.builder(ws, "models/evil.pth", null).outputRoot(ws.resolve("out")).build());
        assertThat(res.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(res.reasons()).singleElement().asString()
                .contains("1 finding(s) at critical or worse in model 'evil.pth'").contains("os.system");
        assertThat(res.record().kind()).isEqualTo("artifactScan");
        assertThat(res.files()).contains(ArtifactScan.FINDINGS_FILE, "evidence.json");
        JsonNode record = Json.mapper().readTree(res.directory().resolve("evidence.json").toFile());
        JsonNode first = record.at("/results/findings/0");
        assertThat(first.get("file").asText()).isEqualTo("evil.pth!archive/data.pkl");
        assertThat(first.get("global").asText()).isEqualTo("os.system");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("opcode").asText()).isEqualTo("GLOBAL");
        assertThat(first.get("offset").asLong()).isEqualTo(2);
        assertThat(record.at("/results/findingCounts/critical").asInt()).isEqualTo(1);
        assertThat(record.at("/subjects/0/digest/sha256").asText()).hasSize(64);
        JsonNode all = Json.mapper().readTree(res.directory().resolve(ArtifactScan.FINDINGS_FILE).toFile());
        assertThat(all.at("/files/0/format").asText()).isEqualTo("pytorch-zip");
    }

    @Test
    void runPassesABenignModelAndHonoursThresholds() throws Exception {
        write("models/good/model.pt", torchZip(torchStateDict()));
        write("models/good/custom.pkl", new PickleBytes().proto(2).global("mypkg.model", "Net").op(')').op(0x81).stop().bytes());
        StepResult unstable = new ArtifactScan(ProgressListener.SILENT).run(
                ArtifactScanRequest.builder(ws, "models/good", "pds").outputRoot(ws.resolve("out")).build());
        assertThat(unstable.verdict()).isEqualTo(Verdict.UNSTABLE);
        StepResult allowed = new ArtifactScan(ProgressListener.SILENT).run(ArtifactScanRequest.builder(ws, "models/good", "pds")
                .allowGlobals(List.of("mypkg.model.Net")).outputRoot(ws.resolve("out")).build());
        assertThat(allowed.verdict()).isEqualTo(Verdict.PASS);
        assertThat(allowed.record().parameters()).containsEntry("allowGlobals", List.of("mypkg.model.Net"));
        StepResult strict = new ArtifactScan(ProgressListener.SILENT).run(ArtifactScanRequest.builder(ws, "models/good", "pds")
                .failOn("high").outputRoot(ws.resolve("out")).build());
        assertThat(strict.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void badInputWritesNothing() throws Exception {
        write("models/cut.pkl", Arrays.copyOf(evilPickle(), 5));
        Path out = ws.resolve("out");
        assertThatThrownBy(() -> new ArtifactScan(ProgressListener.SILENT).run(
                ArtifactScanRequest.builder(ws, "models/cut.pkl", null).outputRoot(out).build()))
                .isInstanceOf(SecMlOpsException.class);
        assertThatThrownBy(() -> new ArtifactScan(ProgressListener.SILENT).run(
                ArtifactScanRequest.builder(ws, "../elsewhere", null).outputRoot(out).build()))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> new ArtifactScan(ProgressListener.SILENT).run(
                ArtifactScanRequest.builder(ws, "models/cut.pkl", null).allowGlobals(List.of("os.*")).outputRoot(out).build()))
                .hasMessageContaining("'os.*' is refused");
        assertThat(out).doesNotExist();
    }

    @Test
    void userAllowListCannotLetDangerousGlobalsThrough() throws Exception {
        GlobalPolicy p = GlobalPolicy.defaults().allowing(List.of("mypkg.*", "other.mod.Thing"));
        assertThat(p.decide("mypkg.sub", "Anything").allowed()).isTrue();
        assertThat(p.decide("other.mod", "Thing").allowed()).isTrue();
        assertThat(p.decide("mypkg", "system").severity()).isEqualTo(Severity.CRITICAL);
        for (String bad : List.of("os.system", "builtins.eval", "subprocess.*", "builtins.*", "torch.*", "numpy.*", "x*")) {
            assertThatThrownBy(() -> GlobalPolicy.defaults().allowing(List.of(bad))).isInstanceOf(SecMlOpsException.class);
        }
    }

    @Test
    void modelSignRefusesCriticalFindingsUnlessOverriddenWithAReason() throws Exception {
        Path evil = write("models/evil.pt", torchZip(evilPickle()));
        assertThatThrownBy(() -> ArtifactScan.beforeSigning(evil, false, null))
                .isInstanceOf(SecMlOpsException.class).hasMessageContaining("1 critical artifact-scan finding(s)")
                .hasMessageContaining("Nothing was signed").hasMessageContaining("evil.pt!archive/data.pkl")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("overrideScan").contains("--override-scan"));
        assertThatThrownBy(() -> ArtifactScan.beforeSigning(evil, true, " "))
                .hasMessageContaining("needs a reason");
        ArtifactScan.SigningCheck ok = ArtifactScan.beforeSigning(evil, true, "red-team sample, ticket SEC-12");
        assertThat(ok.overridden()).isTrue();
        assertThat(ok.reason()).isEqualTo("red-team sample, ticket SEC-12");
        assertThat(ok.result()).containsEntry("overridden", true).containsEntry("overrideReason", "red-team sample, ticket SEC-12")
                .containsKey("critical");

        Path good = write("models/good.pt", torchZip(torchStateDict()));
        ArtifactScan.SigningCheck clean = ArtifactScan.beforeSigning(good, false, null);
        assertThat(clean.overridden()).isFalse();
        assertThat(clean.reason()).isNull();
        assertThat(clean.result()).containsEntry("overridden", false).doesNotContainKey("critical");
    }
}
