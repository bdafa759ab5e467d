package io.secmlops.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code secmlops sign} refuses a model the artifact scan flags as critical unless {@code --override-scan REASON}. */
class SignScanCliTest {
    @TempDir
    Path ws;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--workspace=" + ws;
        System.arraycopy(args, 1, all, 2, args.length - 1);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code os.system('id')}: PROTO 2, GLOBAL 'os\nsystem\n', SHORT_BINSTRING 'id', TUPLE1, REDUCE, STOP. */
    static byte[] maliciousPickle() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        b.writeBytes("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {'U', 2, 'i', 'd', (byte) 0x85, 'R', '.'});
        return b.toByteArray();
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(ws.resolve("models/pds"));
        Files.writeString(ws.resolve("models/pds/config.json"), "{}");
        Files.write(ws.resolve("models/pds/head.pkl"), maliciousPickle());
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(ws.resolve("key.pem"), pem);
    }

    @Test
    void aCriticalFindingRefusesSigningWithExitTwoAndTheOverrideSignsAndIsRecorded() throws Exception {
        Run refused = cli("sign", "models/pds", "--key", ws.resolve("key.pem").toString(), "-q");
        assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).startsWith("error: The model has 1 critical artifact-scan finding(s)")
                .contains("head.pkl: os.system").contains("--override-scan");
        assertThat(ws.resolve("models/pds/model.sig")).doesNotExist();
        assertThat(ws.resolve("work/evidence")).doesNotExist();

        Run blank = cli("sign", "models/pds", "--key", ws.resolve("key.pem").toString(), "--override-scan", " ", "-q");
        assertThat(blank.code()).isEqualTo(ExitCode.USAGE);
        assertThat(blank.err()).contains("needs a reason");

        Run signed = cli("sign", "models/pds", "--key", ws.resolve("key.pem").toString(), "--override-scan", "fixture SEC-12", "-q");
        assertThat(signed.code()).as(signed.err()).isZero();
        assertThat(signed.out()).contains("SIGNED DESPITE the critical findings (overrideScan: 'fixture SEC-12')");
        assertThat(ws.resolve("models/pds/model.sig")).exists();
        String record = Files.readString(ws.resolve("work/evidence/modelSign-pds/evidence.json"));
        assertThat(record).contains("\"overrideScan\" : \"fixture SEC-12\"").contains("\"overridden\" : true")
                .contains("head.pkl: os.system");
    }
}
