package io.secmlops.governance.pii;

import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.gate.Verdict;
import io.secmlops.engine.io.Json;
import io.secmlops.governance.metrics.OpenMetricsExport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * A generated CSV with planted personal data: every planted value is found in its column, and no planted value appears
 * in any output: evidence files, summary, reasons, progress lines, metrics, exception messages.
 */
class PiiScanTest {
    @TempDir
    Path ws;
    final List<String> log = new ArrayList<>();
    final List<String> planted = new ArrayList<>();

    static final String[] EMAILS = {"maria.keller@example.org", "j.smith+train@corp.example.com", "li.wei@example.cn"};
    static final String[] CARDS = {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"};
    static final String[] PHONES = {"+49 30 901820", "(415) 555-0132", "+44 20 7946 0958"};
    static final String[] SSNS = {"536-22-8726", "219-09-9999"};
    static final String[] IBANS = {"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"};
    static final String[] NINOS = {"AB123456C", "JG103759A"};
    static final String[] IPS = {"192.168.10.27", "2001:db8:85a3::8a2e:370:7334"};
    static final String[] NAMES = {"Zygmunt Quennell", "Adaeze Okonkwo-Brandt"};

    @BeforeEach
    void generate() throws Exception {
        Random r = new Random(42);
        StringBuilder csv = new StringBuilder("frame_id,brightness,contact,notes,payment,driver_name,camera\n");
        int rows = 400;
        for (int i = 0; i < rows; i++) {
            String contact = "", notes = "", payment = "", name = "", camera = "cam-" + (i % 4);
            if (i % 50 == 7) {
                contact = plant(EMAILS[i % EMAILS.length]);
            }
            if (i % 80 == 11) {
                contact = plant(PHONES[i % PHONES.length]);
            }
            if (i % 100 == 13) {
                notes = "\"customer said, \"\"call me\"\" on " + plant(PHONES[0]) + " or ssn " + plant(SSNS[(i / 100) % 2]) + "\"";
            }
            if (i % 100 == 17) {
                payment = plant(CARDS[(i / 100) % CARDS.length]);
            }
            if (i % 100 == 19) {
                payment = plant(IBANS[(i / 100) % 2]);
            }
            if (i % 100 == 23) {
                notes = "nino " + plant(NINOS[(i / 100) % 2]);
            }
            if (i % 100 == 29) {
                camera = plant(IPS[(i / 100) % 2]);
            }
            if (i % 100 == 31) {
                name = plant(NAMES[(i / 100) % 2]);
            }
            // decoys a careless scanner would report: dates, decimals, a Luhn-invalid card, an invalid IBAN
            if (i % 100 == 37) {
                payment = "4111 1111 1111 1112";
                notes = "2024-01-15 0.123456789";
                contact = "DE89 3704 0044 0532 0130 01";
                name = i == 37 ? "REDACTED" : "user_" + i;
            }
            csv.append(i).append(',').append(String.format(java.util.Locale.ROOT, "%.4f", r.nextDouble())).append(',')
                    .append(contact).append(',').append(notes).append(',').append(payment).append(',').append(name)
                    .append(',').append(camera).append('\n');
        }
        Files.createDirectories(ws.resolve("data/customers"));
        Files.writeString(ws.resolve("data/customers/frames.csv"), csv);
        Files.writeString(ws.resolve("data/customers/meta.jsonl"),
                "{\"id\":1,\"owner\":{\"email\":\"" + plant("owner.one@example.net") + "\"},\"tags\":[\"x\"]}\n"
                        + "{\"id\":2,\"owner\":{\"email\":\"nobody\"},\"tags\":[\"" + plant("10.0.0.254") + "\"]}\n");
        Files.writeString(ws.resolve("data/customers/card.yaml"),
                "name: pds-train\nmaintainer:\n  email: " + plant("ops.lead@example.com") + "\nlicense: cc-by-4.0\n");
    }

    private String plant(String v) {
        planted.add(v);
        return v;
    }

    private PiiScanRequest.Builder request() {
        return PiiScanRequest.builder(ws, List.of("data/customers")).name("customers").outputRoot(ws.resolve("evidence"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> findings(StepResult r) {
        Map<String, Object> counts = new java.util.TreeMap<>();
        for (Object o : (List<Object>) r.record().results().get("findings")) {
            PiiCounts.Finding f = (PiiCounts.Finding) o;
            counts.put(f.file() + "|" + f.column() + "|" + f.pattern(), f.cells());
        }
        return counts;
    }

    @Test
    void everyPlantedValueIsFoundInItsColumnAndNoDecoyIs() throws Exception {
        StepResult r = new PiiScan(log::add).run(request().build());
        Map<String, Object> f = findings(r);
        String csv = "data/customers/frames.csv|";
        assertThat(f).containsEntry(csv + "contact|email", 8L)         // rows 7, 57, ... 357
                .containsEntry(csv + "contact|phone", 5L)              // rows 11, 91, 171, 251, 331
                .containsEntry(csv + "notes|phone", 4L)
                .containsEntry(csv + "notes|us-ssn", 4L)
                .containsEntry(csv + "notes|uk-nino", 4L)
                .containsEntry(csv + "payment|payment-card", 4L)
                .containsEntry(csv + "payment|iban", 4L)
                .containsEntry(csv + "camera|ipv4", 2L)
                .containsEntry(csv + "camera|ipv6", 2L)
                .containsEntry(csv + "driver_name|person-name", 4L)
                .containsEntry("data/customers/meta.jsonl|owner.email|email", 1L)
                .containsEntry("data/customers/meta.jsonl|tags[]|ipv4", 1L)
                .containsEntry("data/customers/card.yaml|maintainer.email|email", 1L);
        // nothing else: no decoy, no brightness value, no frame id, and the model card's 'name' is not a person
        assertThat(f).hasSize(13);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS); // not declared anonymised
        assertThat(r.record().results().get("cellsWithPii")).isEqualTo(44L);
        assertThat(r.record().subjects()).anySatisfy(sub -> {
            assertThat(sub.name()).isEqualTo("data/customers/frames.csv");
            assertThat(sub.digest().get("sha256")).isEqualTo(io.secmlops.engine.hash.ParallelHasher.sha256Hex(
                    Files.readAllBytes(ws.resolve("data/customers/frames.csv"))));
        });
    }

    @Test
    void piiInDataDeclaredAnonymisedFailsOrMarksUnstable() throws Exception {
        StepResult failed = new PiiScan(log::add).run(request().anonymised(true).build());
        assertThat(failed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(failed.reasons().get(0)).contains("declared anonymised").contains("column 'contact'");
        StepResult unstable = new PiiScan(log::add).run(request().anonymised(true).onPii("unstable").name("again").build());
        assertThat(unstable.verdict()).isEqualTo(Verdict.UNSTABLE);
        StepResult ignored = new PiiScan(log::add).run(PiiScanRequest.builder(ws, List.of("data/customers/frames.csv"))
                .name("ignoring").anonymised(true).ignoreColumns(List.of("contact", "notes", "payment", "camera", "driver_name"))
                .outputRoot(ws.resolve("evidence")).build());
        assertThat(ignored.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ignored.record().parameters().get("ignoreColumns")).isEqualTo(List.of("contact", "notes", "payment", "camera", "driver_name"));
    }

    @Test
    void aCsvWithoutHeaderIsNamedByColumnPositionNotByItsFirstValue() throws Exception {
        Files.writeString(ws.resolve("data/noheader.csv"), plant("anna.berg@example.se") + ",1\n"
                + plant("karl.lund@example.se") + ",2\n");
        StepResult r = new PiiScan(log::add).run(PiiScanRequest.builder(ws, List.of("data/noheader.csv"))
                .outputRoot(ws.resolve("evidence")).build());
        assertThat(findings(r)).containsEntry("data/noheader.csv|column 1|email", 2L);
        assertNoPlantedValueIn(ws.resolve("evidence"), String.join("\n", log), r.summary());
    }

    @Test
    void badInputNamesFileAndLineButNeverTheContent() throws Exception {
        Files.writeString(ws.resolve("data/broken.csv"), "a,b\n1,\"" + plant("eva.stone@example.com") + ",x\n");
        Files.writeString(ws.resolve("data/broken.jsonl"), "{\"a\":1}\n{\"email\": " + plant("tom.reed@example.com") + "}\n");
        Files.writeString(ws.resolve("data/broken.yaml"), "a: [" + plant("ida.north@example.com") + "\nb: : :\n");
        List<String> messages = new ArrayList<>();
        for (String file : List.of("data/broken.csv", "data/broken.jsonl", "data/broken.yaml")) {
            SecMlOpsException e = catchScan(file);
            messages.add(e.oneLine());
            assertThat(e.getMessage()).contains(file);
        }
        assertThat(messages.get(0)).contains("line 2");
        assertThat(messages.get(1)).contains("line 2");
        assertThat(ws.resolve("evidence")).doesNotExist();
        assertNoPlantedValueIn(null, String.join("\n", messages), String.join("\n", log));
    }

    private SecMlOpsException catchScan(String file) {
        try {
            new PiiScan(log::add).run(PiiScanRequest.builder(ws, List.of(file)).outputRoot(ws.resolve("evidence")).build());
        } catch (SecMlOpsException e) {
            // the cause chain must not carry the content either
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
            assertNoPlantedValueIn(null, all.toString());
            return e;
        }
        return fail("expected the scan of " + file + " to be refused");
    }

    @Test
    void noPlantedValueAppearsInEvidenceSummaryReasonsLogOrMetrics() throws Exception {
        StepResult r = new PiiScan(log::add).run(request().anonymised(true).build());
        String metrics = OpenMetricsExport.render(OpenMetricsExport.load(ws.resolve("evidence")));
        assertThat(metrics).contains("key=\"byPattern.email\"");
        assertNoPlantedValueIn(ws.resolve("evidence"), r.summary(), String.join("\n", r.reasons()), String.join("\n", log),
                metrics, new String(Json.mapper().writeValueAsBytes(r.record()), StandardCharsets.UTF_8));
        assertThat(planted).hasSizeGreaterThan(30);
    }

    /** No planted value, nor its digits alone (a masked card keeps them), nor an e-mail's local part. */
    private void assertNoPlantedValueIn(Path folder, String... texts) {
        List<String> all = new ArrayList<>(List.of(texts));
        if (folder != null) {
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    all.add(Files.readString(p));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        for (String text : all) {
            String digitsOnly = text.replaceAll("[^0-9]", "");
            for (String v : planted) {
                assertThat(text).as("output holds a planted value").doesNotContain(v);
                if (v.contains("@")) {
                    assertThat(text).doesNotContain(v.substring(0, v.indexOf('@')));
                }
                for (String part : v.split("[ @]")) {
                    if (part.length() >= 6) {
                        assertThat(text).as("output holds part of a planted value").doesNotContain(part);
                    }
                }
                String digits = v.replaceAll("[^0-9]", "");
                if (digits.length() >= 9 && !v.contains(".") && !v.contains(":")) {
                    assertThat(digitsOnly.contains(digits) && text.replaceAll("[^0-9 -]", "").contains(v.replaceAll("[^0-9 -]", "")))
                            .as("output holds the digits of a planted value").isFalse();
                }
            }
        }
    }
}
