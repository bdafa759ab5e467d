package io.jenkins.plugins.secmlops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import hudson.AbortException;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.secmlops.engine.evidence.Evidence;
import io.secmlops.engine.evidence.RunEnvironment;
import io.secmlops.engine.evidence.StepResult;
import io.secmlops.engine.evidence.Subject;
import io.secmlops.engine.gate.Gate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerResponse2;
import org.mockito.MockedConstruction;

/** The controller refuses a report folder from the agent that is not exactly what the record says; files are served safely. */
class ReportFilesTest {
    @TempDir
    Path tmp;

    Path report() throws Exception {
        Evidence e = Evidence.begin(ReportFiles.KIND, "compliance", RunEnvironment.commandLine());
        e.subject(Subject.sha256("evidence-set", "ab".repeat(32)));
        for (String f : ReportFiles.FORMATS.values()) {
            e.output(f, ("content of " + f).getBytes());
        }
        e.result("totals", java.util.Map.of("satisfied", 3, "partly", 1, "not-satisfied", 0, "not-assessed", 2));
        e.result("signed", false);
        StepResult r = e.commit(tmp.resolve("out"), new Gate(), "");
        return r.directory();
    }

    @Test
    void aCompleteFolderPassesAndItsStatementCoversTheFiveFiles() throws Exception {
        Path dir = report();
        ReportFiles.CheckedReport c = ReportFiles.check(dir, "compliance");
        assertThat(c.total("satisfied")).isEqualTo(3);
        assertThat(c.total("not-assessed")).isEqualTo(2);
        var st = ReportFiles.statement(c);
        assertThat(st.subject()).extracting(Subject::name).containsExactly("report.html", "report.json", "report.sarif",
                "report.junit.xml", "bom.cdx.json");
        assertThat(st.subject().get(0).digest().get("sha256")).isEqualTo(ReportFiles.sha256(dir.resolve("report.html")));
        assertThat((java.util.Map<String, Object>) st.predicate()).containsKey("totals").doesNotContainKey("signed");
    }

    @Test
    void changedExtraMissingOrLinkedFilesAreRefused() throws Exception {
        Path dir = report();
        Files.writeString(dir.resolve("report.sarif"), "{}");
        assertThat(refusal(dir, "compliance")).contains("report.sarif").contains("sha256");

        dir = tmp.resolve("b");
        Files.move(report(), dir);
        Files.writeString(dir.resolve("extra.js"), "alert(1)");
        assertThat(refusal(dir, "compliance")).contains("extra.js");

        dir = tmp.resolve("c");
        Files.move(report(), dir);
        Files.delete(dir.resolve("bom.cdx.json"));
        assertThat(refusal(dir, "compliance")).contains("bom.cdx.json");

        dir = tmp.resolve("d");
        Files.move(report(), dir);
        assertThat(refusal(dir, "other")).contains("named 'compliance'");

        dir = tmp.resolve("e");
        Files.move(report(), dir);
        Files.delete(dir.resolve("report.html"));
        Files.createSymbolicLink(dir.resolve("report.html"), Path.of("/etc/passwd"));
        assertThat(refusal(dir, "compliance")).contains("report.html").contains("not a plain file");
    }

    private String refusal(Path dir, String name) throws Exception {
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> ReportFiles.check(dir, name)).isInstanceOf(AbortException.class);
            String m = aborts.constructed().get(0).getMessage();
            assertThat(m).startsWith("complianceReport: the report folder copied back from the agent").contains("Fix:");
            return m;
        }
    }

    @Test
    void filesAreServedOnlyFromStoredFoldersWithARestrictivePolicy() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("evidence"));
        Path dir = Files.createDirectories(root.resolve("003-complianceReport-compliance"));
        Files.writeString(dir.resolve("report.html"), "<html></html>");
        Files.writeString(tmp.resolve("secret.txt"), "no");
        assertThat(FileServer.resolve(root, "/003-complianceReport-compliance/report.html")).isEqualTo(dir.resolve("report.html"));
        for (String bad : List.of("/../secret.txt", "/003-complianceReport-compliance/../../secret.txt", "/..%2Fsecret.txt",
                "/003-complianceReport-compliance", "/003-complianceReport-compliance/missing.html", "/a/b/c", "",
                "/.staging-1/report.html")) {
            assertThat(FileServer.resolve(root, bad)).as(bad).isNull();
        }
        assertThat(FileServer.kindOf("report.html", false).csp()).contains("sandbox").contains("default-src 'none'")
                .doesNotContain("script");
        assertThat(FileServer.kindOf("report.sarif", false).contentType()).startsWith("text/plain");
        assertThat(FileServer.kindOf("plot.svg", false).csp()).contains("sandbox");
        assertThat(FileServer.kindOf("model.bin", false).download()).isTrue();
        assertThat(FileServer.kindOf("report.html", true).download()).isTrue();

        StaplerResponse2 rsp = mock(StaplerResponse2.class);
        FileServer.serve(root, "/../secret.txt", false, rsp);
        verify(rsp).sendError(404);

        // a stored file is streamed with its type, nosniff and the policy
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        StaplerResponse2 ok = mock(StaplerResponse2.class);
        org.mockito.Mockito.when(ok.getOutputStream()).thenReturn(new jakarta.servlet.ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(jakarta.servlet.WriteListener l) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
        FileServer.serve(root, "/003-complianceReport-compliance/report.html", false, ok);
        verify(ok).setContentType("text/html;charset=UTF-8");
        verify(ok).setHeader("X-Content-Type-Options", "nosniff");
        verify(ok).setHeader("Content-Security-Policy", FileServer.HTML_CSP);
        verify(ok, org.mockito.Mockito.never()).setHeader(org.mockito.ArgumentMatchers.eq("Content-Disposition"),
                org.mockito.ArgumentMatchers.anyString());
        assertThat(body.toString()).isEqualTo("<html></html>");
    }
}
