package io.secmlops.report;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.Dsse;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.Statement;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.hash.ParallelHasher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real evidence records, written by the engine into a temporary workspace. */
final class Fixture {
    static final RunEnvironment BUILD_42 = RunEnvironment.jenkins("team/pds", "42", "https://ci.example.org/job/pds/42/", "gpu-1");

    final Path ws;
    final Path evidence;

    Fixture(Path ws) throws Exception {
        this.ws = ws;
        this.evidence = ws.resolve("evidence");
        Files.createDirectories(evidence);
    }

    /** One step's record with the given verdict, results and output files. */
    StepResult step(String kind, String name, Verdict verdict, Map<String, Object> results, Map<String, byte[]> outputs,
                    RunEnvironment env) throws SecMlOpsException {
        Evidence e = Evidence.begin(kind, name, env).subject(Subject.sha256(name, ParallelHasher.sha256Hex(name.getBytes(StandardCharsets.UTF_8))));
        results.forEach(e::result);
        outputs.forEach(e::output);
        Gate g = new Gate();
        if (verdict != Verdict.PASS) {
            g.violate(verdict, kind + " '" + name + "' " + verdict.name().toLowerCase() + " by test");
        }
        return e.commit(evidence, g, "");
    }

    StepResult step(String kind, String name, Verdict verdict) throws SecMlOpsException {
        return step(kind, name, verdict, Map.of(), Map.of(), BUILD_42);
    }

    StepResult step(String kind, String name, Verdict verdict, Map<String, Object> results) throws SecMlOpsException {
        return step(kind, name, verdict, results, Map.of(), BUILD_42);
    }

    /** A modelSign + modelVerify pair that passes, with a root digest. */
    void signedModel(String name) throws SecMlOpsException {
        String digest = ParallelHasher.sha256Hex(("model " + name).getBytes(StandardCharsets.UTF_8));
        step(Kinds.MODEL_SIGN, name, Verdict.PASS, Map.of("rootDigest", digest, "fileCount", 3, "totalBytes", 4096,
                "signer", Map.of("mode", "key", "keyHint", "ab".repeat(32), "curve", "P-256")), Map.of("model.sig", "{}".getBytes()), BUILD_42);
        step(Kinds.MODEL_VERIFY, name, Verdict.PASS, Map.of("rootDigest", digest, "signedRootDigest", digest, "changedCount", 0,
                "missingCount", 0, "unsignedCount", 0));
    }

    /** An adversarialTest record in the shape the report reads: clean AP50, robust AP50 per attack and ε, trade-offs. */
    StepResult adversarial(String name, Verdict verdict) throws SecMlOpsException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("clean", Map.of("ap50", 0.71));
        res.put("attacks", List.of(Map.of("attack", "fgsm", "epsilon", 0.01, "ap50", 0.52),
                Map.of("attack", "pgd", "epsilon", 0.03, "ap50", 0.31)));
        res.put("tradeoffs", List.of(Map.of("defence", "none", "cleanAp50", 0.71, "robustAp50", 0.31, "latencyMs", 21.0),
                Map.of("defence", "jpeg-75", "cleanAp50", 0.69, "robustAp50", 0.44, "latencyMs", 23.5)));
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"20\"><rect width=\"60\" height=\"20\" fill=\"#1a7f37\"/></svg>";
        return step(Kinds.ADVERSARIAL_TEST, name, verdict, res, Map.of("eps-curve.svg", svg.getBytes(StandardCharsets.UTF_8)), BUILD_42);
    }

    /** An adversarialTest record shaped as attack.json (docs/adversarial.md): attack rows per defence and ε, trade-off rows per measure. */
    StepResult robustnessStudy(String name, String attackName) throws SecMlOpsException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("clean", Map.of("ap50", 0.7));
        List<Map<String, Object>> attacks = new java.util.ArrayList<>();
        int[] eps = {1, 2, 4, 8};
        for (int i = 0; i < eps.length; i++) {
            attacks.add(attackRow(attackName, eps[i], "none", false, 0.6 - 0.12 * i));
            attacks.add(attackRow(attackName, eps[i], "jpeg:75", true, 0.62 - 0.1 * i));
        }
        res.put("attacks", attacks);
        res.put("tradeoffs", List.of(
                tradeoffRow("none", 41.2, 55.0, 24.1, 812, 0.7, 0.6, 0.24),
                tradeoffRow("signature-verification", 41.9, 55.3, 23.8, 815, 0.7, 0.6, 0.24),
                tradeoffRow("jpeg:75 + adaptive", 47.5, 60.1, 21.0, 820, 0.68, 0.62, 0.32)));
        return step(Kinds.ADVERSARIAL_TEST, name, Verdict.PASS, res, Map.of(), BUILD_42);
    }

    private static Map<String, Object> attackRow(String attack, int eps, String defence, boolean adaptive, double ap50) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", attack);
        m.put("epsilon", eps);
        m.put("defence", defence);
        m.put("adaptive", adaptive);
        m.put("ap50", Math.round(ap50 * 100) / 100.0);
        m.put("retained", 0.8);
        return m;
    }

    private static Map<String, Object> tradeoffRow(String measure, double p50, double p95, double ips, int mem, double clean, double r1, double r8) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measure", measure);
        m.put("latencyP50Ms", p50);
        m.put("latencyP95Ms", p95);
        m.put("imagesPerSecond", ips);
        m.put("peakMemoryMb", mem);
        m.put("cleanAp50", clean);
        Map<String, Object> robust = new LinkedHashMap<>();
        robust.put("1", r1);
        robust.put("8", r8);
        m.put("robustAp50", robust);
        return m;
    }

    static KeyPair keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        return kpg.generateKeyPair();
    }

    static Dsse.Signer signer(KeyPair keys) {
        return new Dsse.Signer() {
            @Override
            public String keyId() {
                return "test-key";
            }

            @Override
            public byte[] sign(byte[] pae) throws java.security.GeneralSecurityException {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(keys.getPrivate());
                s.update(pae);
                return s.sign();
            }
        };
    }

    /** Writes evidence.dsse.json beside a record: its evidence.intoto.json, signed. */
    static void signRecord(StepResult r, KeyPair keys) throws Exception {
        byte[] statement = Files.readAllBytes(r.directory().resolve(Evidence.STATEMENT_FILE));
        Dsse.Envelope env = new Dsse.Envelope(Statement.PAYLOAD_TYPE, Base64.getEncoder().encodeToString(statement), List.of())
                .signedBy(signer(keys));
        Files.write(r.directory().resolve(EvidenceLoader.ENVELOPE_FILE), Evidence.json(env));
    }

    ReportRequest.Builder request() {
        return ReportRequest.builder(ws, "evidence");
    }

    Path reportDir(String name) {
        return evidence.resolve(Evidence.folderName(ComplianceReport.KIND, name));
    }
}
