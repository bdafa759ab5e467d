package io.secmlops.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every subcommand with the bad inputs the issues list: a missing path, a symbolic link out of the workspace, an empty
 * folder, a truncated file, a tampered byte, a bad key, non-numbers in a numeric column, a malformed profile, policy or
 * option value. Each case asserts the exit code (2 for input errors, 1 where a gate fails), one error line on standard
 * error that names the file or parameter and carries a fix, and that nothing was half-written: the file tree of the
 * workspace (the --out folder included) is unchanged for an input error, and for a failed gate holds only complete
 * evidence folders and no staging or temporary leftovers.
 */
class BadInputSuiteTest {
    @TempDir
    Path tmp;
    Path ws;
    Path out;

    /** Extra set-up of one case, after the shared fixture. */
    interface Prep {
        void in(BadInputSuiteTest t) throws Exception;
    }

    /**
     * One bad input. {@code args} may hold {@code {ws}}, {@code {out}} and {@code {tmp}}; {@code named} are strings
     * the error must contain (the file or parameter, and what is wrong).
     */
    record Case(String name, int exit, List<String> named, Prep prep, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Run(int code, String out, String err) {
    }

    private static final Prep NONE = t -> {
    };

    /** A step's subcommand with the workspace, the output folder and no progress lines. */
    private static String[] step(String command, String... rest) {
        List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
        all.addAll(List.of("--workspace={ws}", "--out={out}", "-q"));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    private static Case usage(String name, List<String> named, Prep prep, String... args) {
        return new Case(name, ExitCode.USAGE, named, prep, args);
    }

    private static Case usage(String name, List<String> named, String... args) {
        return usage(name, named, NONE, args);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // provenance
                usage("provenance: missing path", List.of("'nope'", "does not exist"), step("provenance", "nope")),
                usage("provenance: symlink out of the workspace", List.of("data/escape"), step("provenance", "data/escape")),
                usage("provenance: symlink inside the dataset pointing out", List.of("leak.csv"), step("provenance", "data/leaky")),
                usage("provenance: empty dataset", List.of("empty"), step("provenance", "empty")),
                usage("provenance: truncated pin for --verify", List.of("pin.json"), t -> t.write("pin.json", "{\"files\": ["),
                        step("provenance", "data/ds", "--verify", "pin.json")),
                usage("provenance: non-number --threads", List.of("--threads", "abc"), step("provenance", "data/ds", "--threads", "abc")),
                usage("provenance: malformed baseline", List.of("base.json"), t -> t.write("base.json", "[1, 2"),
                        step("provenance", "data/ds", "--baseline", "base.json")),
                new Case("provenance: a changed byte against the pin fails the gate", ExitCode.GATE_FAILED, List.of("a.csv"),
                        t -> {
                            t.cli(step("provenance", "data/ds").clone());
                            Files.copy(t.out.resolve("dataProvenance-ds/manifest.json"), t.ws.resolve("pin.json"));
                            t.clearOut();
                            t.flipByte("data/ds/a.csv");
                        }, step("provenance", "data/ds", "--verify", "pin.json")),
                // sign
                usage("sign: missing model", List.of("'nope'"), step("sign", "nope", "--key", "{ws}/keys/key.pem")),
                usage("sign: missing key file", List.of("keys/none.pem"), step("sign", "models/pds", "--key", "{ws}/keys/none.pem")),
                usage("sign: malformed key file", List.of("garbage.pem"), step("sign", "models/pds", "--key", "{ws}/keys/garbage.pem")),
                usage("sign: truncated key file", List.of("truncated.pem"), step("sign", "models/pds", "--key", "{ws}/keys/truncated.pem")),
                usage("sign: public key given as the private key", List.of("pub.pem"), step("sign", "models/pds", "--key", "{ws}/keys/pub.pem")),
                usage("sign: RSA key lists the supported ones", List.of("rsa.pem", "P-256"), step("sign", "models/pds", "--key", "{ws}/keys/rsa.pem")),
                usage("sign: symlink out of the workspace", List.of("data/escape"), step("sign", "data/escape", "--key", "{ws}/keys/key.pem")),
                usage("sign: empty model folder", List.of("empty"), step("sign", "empty", "--key", "{ws}/keys/key.pem")),
                usage("sign: unknown --method", List.of("--method", "bogus"), step("sign", "models/pds", "--key", "{ws}/keys/key.pem", "--method", "bogus")),
                // verify
                usage("verify: missing model", List.of("'nope'"), step("verify", "nope", "--public-key", "{ws}/keys/pub.pem")),
                usage("verify: no signature", List.of("model.sig"), step("verify", "models/pds", "--public-key", "{ws}/keys/pub.pem")),
                usage("verify: truncated signature bundle", List.of("model.sig"), t -> {
                    t.sign();
                    t.truncate("models/pds/model.sig");
                }, step("verify", "models/pds", "--public-key", "{ws}/keys/pub.pem")),
                usage("verify: missing public key", List.of("none.pem"), BadInputSuiteTest::signFirst,
                        step("verify", "models/pds", "--public-key", "{ws}/keys/none.pem")),
                usage("verify: malformed public key", List.of("garbage.pem"), BadInputSuiteTest::signFirst,
                        step("verify", "models/pds", "--public-key", "{ws}/keys/garbage.pem")),
                usage("verify: signature by another key", List.of("model.sig", "another key"), BadInputSuiteTest::signFirst,
                        step("verify", "models/pds", "--public-key", "{ws}/keys/other.pem")),
                new Case("verify: a tampered weight byte fails the gate naming the file", ExitCode.GATE_FAILED, List.of("weights.bin"),
                        t -> {
                            t.sign();
                            t.flipByte("models/pds/weights.bin");
                        }, step("verify", "models/pds", "--public-key", "{ws}/keys/pub.pem")),
                // scan
                usage("scan: missing path", List.of("'nope'"), step("scan", "nope")),
                usage("scan: symlink out of the workspace", List.of("data/escape"), step("scan", "data/escape")),
                usage("scan: empty folder", List.of("empty"), step("scan", "empty")),
                usage("scan: truncated pickle", List.of("model.pkl"), step("scan", "models/trunc-pkl")),
                usage("scan: truncated PyTorch zip", List.of("model.pt"), step("scan", "models/trunc-zip")),
                usage("scan: unknown --fail-on", List.of("fail", "extreme"), step("scan", "models/pds", "--fail-on", "extreme")),
                new Case("scan: a zip entry escaping its folder fails the gate naming it", ExitCode.GATE_FAILED, List.of("model.pt", "../evil.pkl"),
                        t -> t.zip("models/slip/model.pt", "archive/data.pkl", "../evil.pkl"), step("scan", "models/slip")),
                // audit
                usage("audit: missing split folder", List.of("nope"), step("audit", "--split", "train=data/ds", "--split", "val=nope")),
                usage("audit: empty split", List.of("empty"), t -> t.images("img/train", 3),
                        step("audit", "--split", "train=img/train", "--split", "val=empty")),
                usage("audit: malformed --split", List.of("--split", "train"), step("audit", "--split", "train")),
                usage("audit: --hamming out of range", List.of("hamming", "99"), t -> t.images("img/train", 3),
                        step("audit", "--split", "train=img/train", "--hamming", "99")),
                // drift
                usage("drift: missing reference", List.of("nope.csv"), step("drift", "--reference", "nope.csv", "--current", "ref.csv")),
                usage("drift: non-number in a numeric column", List.of("word.csv", "brightness", "bright", "row"),
                        step("drift", "--reference", "ref.csv", "--current", "word.csv")),
                usage("drift: NaN in a numeric column with --non-finite fail", List.of("nan.csv", "brightness", "row"),
                        step("drift", "--reference", "ref.csv", "--current", "nan.csv", "--non-finite", "fail")),
                usage("drift: truncated profile", List.of("profile.json"), t -> t.write("profile.json", "{\"schema\": \"secmlops"),
                        step("drift", "--reference", "profile.json", "--current", "ref.csv")),
                usage("drift: JSON that is no profile", List.of("profile.json"), t -> t.write("profile.json", "{\"hello\": 1}"),
                        step("drift", "--reference", "profile.json", "--current", "ref.csv")),
                usage("drift: schemas that differ", List.of("other.csv", "differ from the reference", "persons", "weather"), t -> t.write("other.csv", "brightness,weather\n0.1,sun\n0.2,fog\n"),
                        step("drift", "--reference", "ref.csv", "--current", "other.csv")),
                usage("drift: unknown --on-drift", List.of("onDrift", "sometimes"),
                        step("drift", "--reference", "ref.csv", "--current", "ref.csv", "--on-drift", "sometimes")),
                usage("drift: --drift-share above 1", List.of("driftShare", "1.5"),
                        step("drift", "--reference", "ref.csv", "--current", "ref.csv", "--drift-share", "1.5")),
                // attack: refused before the agent runs (the agent home does not exist)
                usage("attack: negative epsilon", List.of("epsilon", "-1"), attack("--epsilons", "-1")),
                usage("attack: NaN epsilon", List.of("epsilon", "NaN"), attack("--epsilons", "NaN")),
                usage("attack: epsilon above 255", List.of("epsilon", "300"), attack("--epsilons", "2,300")),
                usage("attack: non-number epsilon", List.of("epsilons", "eight"), attack("--epsilons", "eight")),
                usage("attack: malformed shard", List.of("shard", "2of4"), attack("--shard", "2of4")),
                usage("attack: shard out of range", List.of("shard", "5/4"), attack("--shard", "5/4")),
                usage("attack: --min-robust-ap50 above 1", List.of("minRobustAP50", "1.5"), attack("--min-robust-ap50", "1.5")),
                // report
                usage("report: missing evidence folder", List.of("nope"), step("report", "nope")),
                usage("report: unknown framework lists the valid ones", List.of("sox", "owasp-ml", "atlas", "nist-ai-rmf", "eu-ai-act"),
                        BadInputSuiteTest::withEvidence, step("report", "ev", "--frameworks", "owasp-ml,sox")),
                usage("report: truncated evidence record", List.of("dataProvenance-ds"), t -> {
                    t.evidence();
                    t.truncate("ev/dataProvenance-ds/evidence.json");
                }, step("report", "ev")),
                usage("report: a tampered output of a record", List.of("dataProvenance-ds", "manifest.json"), t -> {
                    t.evidence();
                    t.flipByte("ev/dataProvenance-ds/manifest.json");
                }, step("report", "ev")),
                usage("report: unknown --fail-on", List.of("failOn", "sometimes"), BadInputSuiteTest::withEvidence,
                        step("report", "ev", "--fail-on", "sometimes")),
                usage("report: evidence of another build", List.of("dataProvenance-ds", "build"), BadInputSuiteTest::withEvidence,
                        step("report", "ev", "--expect-build", "9")),
                usage("report: unsigned evidence with --require-signed", List.of("dataProvenance-ds"), BadInputSuiteTest::withEvidence,
                        step("report", "ev", "--require-signed")),
                usage("report: malformed signing key", List.of("garbage.pem"), BadInputSuiteTest::withEvidence,
                        step("report", "ev", "--key", "{ws}/keys/garbage.pem")),
                // pii
                usage("pii: missing path", List.of("'nope'"), step("pii", "nope")),
                usage("pii: symlink out of the workspace", List.of("data/escape"), step("pii", "data/escape")),
                usage("pii: unknown --on-pii", List.of("onPii", "maybe"), step("pii", "data/ds", "--anonymised", "--on-pii", "maybe")),
                usage("pii: malformed policy file", List.of("bad.yaml", "line 3"), BadInputSuiteTest::badPolicy,
                        step("pii", "data/ds", "--policy", "policies/bad.yaml")),
                // policy
                usage("policy: malformed YAML names the line", List.of("bad.yaml", "line 3"), BadInputSuiteTest::badPolicy,
                        step("policy check", "--policy", "policies/bad.yaml")),
                usage("policy: missing policy file", List.of("none.yaml"), step("policy check", "--policy", "policies/none.yaml")),
                usage("policy: unknown gate key names the line", List.of("policy.yaml", "line 3", "maxWobble"),
                        t -> t.write("policies/policy.yaml", "version: 1\ngates:\n  driftGate: {maxWobble: 2}\n"),
                        step("policy check", "--policy", "policies/policy.yaml")),
                usage("policy: a required step that does not exist", List.of("policy.yaml", "line 2", "deployModel"),
                        t -> t.write("policies/policy.yaml", "version: 1\nrequiredSteps: [dataProvenance, deployModel]\n"),
                        step("policy check", "--policy", "policies/policy.yaml")),
                // approval
                usage("approval: --expect digest does not match", List.of("models/pds", "sha256:" + "0".repeat(64)),
                        step("approval record", "--role", "security-reviewer", "--approver", "alice", "--artifact", "models/pds",
                                "--expect", "models/pds=sha256:" + "0".repeat(64))),
                usage("approval: malformed --expect digest", List.of("models/pds", "xyz"),
                        step("approval record", "--role", "security-reviewer", "--approver", "alice", "--artifact", "models/pds",
                                "--expect", "models/pds=xyz")),
                usage("approval: missing artifact", List.of("'nope'"),
                        step("approval record", "--role", "security-reviewer", "--approver", "alice", "--artifact", "nope")),
                usage("approval: verify a truncated record", List.of("evidence.json"), t -> t.write("ev/approval/evidence.json", "{\"kind\": \"appr"),
                        "approval", "verify", "{ws}/ev/approval/evidence.json", "--workspace={ws}"),
                // metrics
                usage("metrics: missing evidence folder", List.of("nope"), "metrics", "{ws}/nope", "--out", "{out}/secmlops.prom"),
                usage("metrics: truncated evidence record", List.of("dataProvenance-ds"), t -> {
                    t.evidence();
                    t.truncate("ev/dataProvenance-ds/evidence.json");
                }, "metrics", "{ws}/ev", "--out", "{out}/secmlops.prom"));
    }

    private static String[] attack(String... rest) {
        List<String> all = new ArrayList<>(List.of("--model", "models/pds", "--data", "data/ds", "--agent-home", "{tmp}/no-agent"));
        all.addAll(Arrays.asList(rest));
        return step("attack", all.toArray(String[]::new));
    }

    @BeforeEach
    void fixture() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        out = Files.createDirectories(ws.resolve("out"));
        write("data/ds/a.csv", "x,y\n1,2\n3,4\n");
        write("data/ds/sub/b.txt", "hello\n");
        Files.createDirectories(ws.resolve("empty"));
        write("../outside/secret.csv", "name\nsecret\n");
        Files.createSymbolicLink(ws.resolve("data/escape"), tmp.resolve("outside"));
        write("data/leaky/ok.csv", "a\n1\n");
        Files.createSymbolicLink(ws.resolve("data/leaky/leak.csv"), tmp.resolve("outside/secret.csv"));
        write("models/pds/config.json", "{\"layers\":3}");
        write("models/pds/weights.bin", "0123456789abcdef");
        byte[] pickle = {(byte) 0x80, 2, '}', 'U', 2, 'l', 'r', 'K', 3, 's', '.'};
        Files.createDirectories(ws.resolve("models/trunc-pkl"));
        Files.write(ws.resolve("models/trunc-pkl/model.pkl"), Arrays.copyOf(pickle, 5));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(pickle);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("archive/version"));
            z.write("3\n".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        Files.createDirectories(ws.resolve("models/trunc-zip"));
        Files.write(ws.resolve("models/trunc-zip/model.pt"), Arrays.copyOf(zip.toByteArray(), zip.size() / 2));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = gen.generateKeyPair();
        String key = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        write("keys/key.pem", key);
        write("keys/pub.pem", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        write("keys/garbage.pem", "this is not a key\n");
        write("keys/truncated.pem", key.substring(0, key.length() / 2));
        write("keys/other.pem", pem("PUBLIC KEY", gen.generateKeyPair().getPublic().getEncoded()));
        write("keys/rsa.pem", RSA_PEM);
        StringBuilder ref = new StringBuilder("brightness,persons\n");
        for (int i = 0; i < 40; i++) {
            ref.append(i % 7 * 0.1).append(',').append(i % 5).append('\n');
        }
        write("ref.csv", ref.toString());
        write("word.csv", "brightness,persons\n0.1,2\nbright,3\n");
        write("nan.csv", "brightness,persons\n0.1,2\nNaN,3\n");
    }

    /** One RSA key for all cases (generating it is slow). */
    private static final String RSA_PEM;

    static {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            RSA_PEM = pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    void write(String relative, String content) throws IOException {
        Path p = ws.resolve(relative).normalize();
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    void truncate(String relative) throws IOException {
        Path p = ws.resolve(relative);
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length / 2));
    }

    /** A zip whose entries hold a harmless pickle. */
    void zip(String relative, String... entries) throws IOException {
        byte[] pickle = {(byte) 0x80, 2, '}', 'U', 2, 'l', 'r', 'K', 3, 's', '.'};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                z.write(pickle);
                z.closeEntry();
            }
        }
        Path p = ws.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, b.toByteArray());
    }

    void flipByte(String relative) throws IOException {
        Path p = ws.resolve(relative);
        byte[] b = Files.readAllBytes(p);
        b[b.length / 2] ^= 1;
        Files.write(p, b);
    }

    void clearOut() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(out)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Signs models/pds (the evidence goes outside the workspace). */
    void sign() {
        Run r = cli("sign", "models/pds", "--workspace={ws}", "--out={tmp}/setup", "-q", "--key", "{ws}/keys/key.pem");
        assertThat(r.code()).as(r.err()).isZero();
    }

    static void signFirst(BadInputSuiteTest t) {
        t.sign();
    }

    /** One good evidence record under ev/. */
    void evidence() {
        Run r = cli("provenance", "data/ds", "--workspace={ws}", "--out={ws}/ev", "-q");
        assertThat(r.code()).as(r.err()).isZero();
    }

    static void withEvidence(BadInputSuiteTest t) {
        t.evidence();
    }

    static void badPolicy(BadInputSuiteTest t) throws IOException {
        t.write("policies/bad.yaml", "version: 1\ngates:\n  driftGate: onDrift: fail\n");
    }

    /** Small noise PNGs. */
    void images(String dir, int n) throws IOException {
        Path d = Files.createDirectories(ws.resolve(dir));
        java.util.Random r = new java.util.Random(n);
        for (int i = 0; i < n; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    img.setRGB(x, y, r.nextInt(0xffffff));
                }
            }
            javax.imageio.ImageIO.write(img, "png", d.resolve("f" + i + ".png").toFile());
        }
    }

    Run cli(String... args) {
        String[] all = Arrays.stream(args).map(a -> a.replace("{ws}", ws.toString()).replace("{out}", out.toString())
                .replace("{tmp}", tmp.toString())).toArray(String[]::new);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), all);
        return new Run(code, o.toString(), e.toString());
    }

    /** Every path below the test's folder (workspace, outside folder, set-up evidence) with its size; -1 for folders. */
    private Map<String, Long> tree() throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.toList()) {
                m.put(tmp.relativize(p).toString(), Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? -1L
                        : Files.size(p));
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithOneClearMessageAndNothingHalfWritten(Case c) throws Exception {
        try {
            check(c);
        } catch (AssertionError e) {
            // surefire's report names the invocation by its index only: put the case's name in the message
            throw new AssertionError("case '" + c.name() + "': " + e.getMessage(), e);
        }
    }

    private void check(Case c) throws Exception {
        c.prep().in(this);
        Map<String, Long> before = tree();
        Run r = cli(c.args());
        String err = r.err();
        assertThat(r.code()).as("exit code; stderr:%n%s%nstdout:%n%s", err, r.out()).isEqualTo(c.exit());

        List<String> errors = err.lines().filter(l -> l.startsWith("error: ") || l.startsWith("FAIL: ")).toList();
        assertThat(errors).as("one error line on stderr:%n%s", err).hasSize(1);
        String line = errors.get(0);
        for (String n : c.named()) {
            assertThat(line).as("the error names %s", n).containsIgnoringCase(n);
        }
        if (c.exit() == ExitCode.USAGE) {
            assertThat(line.contains(" Fix: ") || err.contains("--help' for usage."))
                    .as("the error carries a fix: %s", err).isTrue();
        }

        Map<String, Long> after = tree();
        List<String> added = after.keySet().stream().filter(k -> !before.containsKey(k)).toList();
        List<String> removed = before.keySet().stream().filter(k -> !after.containsKey(k)).toList();
        assertThat(removed).as("nothing removed").isEmpty();
        assertThat(added).as("no staging or temporary leftovers").noneMatch(k -> Path.of(k).getFileName().toString()
                .matches("(?i)\\.staging.*|.*\\.tmp|.*\\.part|tmp.*|.*~"));
        if (c.exit() == ExitCode.USAGE) {
            assertThat(added).as("an input error writes nothing").isEmpty();
            before.forEach((k, size) -> assertThat(after.get(k)).as("unchanged: %s", k).isEqualTo(size));
        } else {
            // a failed gate records complete evidence: every new step folder has its record
            assertThat(added).as("evidence written").isNotEmpty();
            try (Stream<Path> s = Files.list(out)) {
                for (Path d : s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("incidents")).toList()) {
                    assertThat(d.resolve("evidence.json")).as("complete evidence in %s", d).isRegularFile();
                }
            }
            assertThat(added).allMatch(k -> k.startsWith("ws/out/"));
        }
    }
}
