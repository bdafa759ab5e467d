package io.jenkins.plugins.secmlops.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Result;
import io.jenkins.plugins.secmlops.Fixtures;
import io.jenkins.plugins.secmlops.evidence.SecMlOpsBuildAction;
import io.jenkins.plugins.secmlops.execution.Aborts;
import io.jenkins.plugins.secmlops.execution.StepRunner;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedConstruction;

/** artifactScan end to end on the controller side, with the real scanner where the agent would run it. */
@SuppressWarnings("try")
class ArtifactScanStepTest {
    @TempDir
    Path tmp;
    Fixtures f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(tmp);
        f.dataset("models/pds", "config.json", "{\"layers\":3}");
        Files.write(f.workspace.resolve("models/pds/optimizer.pkl"), new byte[] {(byte) 0x80, 2, '}', 'U', 2, 'l', 'r', 'K', 3, 's', '.'});
    }

    private Path stored(String name, String file) {
        return f.buildDir.resolve("secmlops/evidence/001-artifactScan-" + name).resolve(file);
    }

    static byte[] zip(String... namesAndContents) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndContents[i]));
                z.write(namesAndContents[i + 1].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void theDescriptorAndTheParameters() {
        ArtifactScanStep s = new ArtifactScanStep(" models/pds ");
        s.setName(" ");
        s.setFailOn(" high ");
        s.setAllowGlobals(Arrays.asList(" mypkg.Net ", "", null));
        assertThat(s.getPath()).isEqualTo("models/pds");
        assertThat(s.getName()).isNull();
        assertThat(s.getFailOn()).isEqualTo("high");
        assertThat(s.getUnstableOn()).isNull();
        assertThat(s.getAllowGlobals()).containsExactly("mypkg.Net");
        ArtifactScanStep.DescriptorImpl d = new ArtifactScanStep.DescriptorImpl();
        assertThat(d.getFunctionName()).isEqualTo("artifactScan");
        assertThat(ArtifactScanStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("artifactScan");
        assertThat(ArtifactScanStep.DescriptorImpl.class.isAnnotationPresent(Extension.class)).isTrue();
        assertThat(d.argumentsToString(Map.of("path", "models/pds"))).isEqualTo("models/pds");
    }

    @Test
    void aBenignModelPassesAndItsEvidenceIsKeptWithTheBuild() throws Exception {
        StepRunner.run(f.context, new ArtifactScanStep("models/pds")::callable);
        assertThat(Files.readString(stored("pds", "evidence.json"))).contains("\"PASS\"").contains("\"artifactScan\"")
                .contains("ml/train");
        assertThat(stored("pds", "findings.json")).exists();
        verify(f.run).addAction(isA(SecMlOpsBuildAction.class));
        verify(f.run, never()).setResult(any());
        assertThat(f.log()).contains("findings: 0 critical, 0 high");
    }

    @Test
    void aMaliciousPickleFailsTheStepNamingTheFileAndTheGlobal() throws Exception {
        // os.system('id'), opcode by opcode: PROTO 2, GLOBAL, SHORT_BINSTRING, TUPLE1, REDUCE, STOP
        ByteArrayOutputStream evil = new ByteArrayOutputStream();
        evil.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        evil.writeBytes("os\nsystem\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        evil.writeBytes(new byte[] {'U', 2, 'i', 'd', (byte) 0x85, 'R', '.'});
        Files.write(f.workspace.resolve("models/pds/head.pkl"), evil.toByteArray());
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ArtifactScanStep("models/pds")::callable))
                    .isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("artifactScan 'pds' FAIL")
                    .hasMessageContaining("head.pkl: os.system");
        }
        assertThat(Files.readString(stored("pds", "evidence.json"))).contains("\"FAIL\"").contains("os.system");
    }

    @Test
    void zipEntriesEscapingTheirFolderAreCriticalAndNeverExtracted() throws Exception {
        Files.createDirectories(f.workspace.resolve("models/zipped"));
        Files.write(f.workspace.resolve("models/zipped/slip.pt"), zip("archive/version", "3\n", "../../evil.sh", "#!/bin/sh\n",
                "/tmp/evil2", "x"));
        ArtifactScanStep s = new ArtifactScanStep("models/zipped");
        s.setFailOn("none");
        s.setUnstableOn("critical");
        try (MockedConstruction<WarningAction> warnings = mockConstruction(WarningAction.class,
                (mock, ctx) -> when(mock.withMessage(any())).thenReturn(mock))) {
            StepRunner.run(f.context, s::callable);
        }
        verify(f.run).setResult(Result.UNSTABLE);
        assertThat(f.log()).contains("WARNING: artifactScan 'zipped' UNSTABLE").contains("slip.pt!../../evil.sh");
        assertThat(Files.readString(stored("zipped", "evidence.json"))).contains("zip-path-traversal").contains("slip.pt!/tmp/evil2");
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("evil.sh", "evil2");
        }
    }

    @Test
    void aTruncatedPickleOrZipStopsTheStepNamingTheFileAndStoresNothing() throws Exception {
        Files.createDirectories(f.workspace.resolve("models/cut"));
        Files.write(f.workspace.resolve("models/cut/state.pkl"), new byte[] {(byte) 0x80, 2, '}', 'U', 9, 'l', 'r'});
        byte[] whole = zip("archive/data.pkl", "\u0080\u0002}q\u0000.", "archive/version", "3\n");
        Files.createDirectories(f.workspace.resolve("models/cutzip"));
        Files.write(f.workspace.resolve("models/cutzip/model.pt"), Arrays.copyOf(whole, whole.length / 2));
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            assertThatThrownBy(() -> StepRunner.run(f.context, new ArtifactScanStep("models/cut")::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("'state.pkl'").hasMessageContaining(" Fix: ");
            assertThatThrownBy(() -> StepRunner.run(f.context, new ArtifactScanStep("models/cutzip")::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("'model.pt' is a truncated or damaged zip archive");
            ArtifactScanStep badThreshold = new ArtifactScanStep("models/pds");
            badThreshold.setFailOn("sometimes");
            assertThatThrownBy(() -> StepRunner.run(f.context, badThreshold::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("failOn is 'sometimes'")
                    .hasMessageContaining("critical, high, medium, low or none");
            assertThatThrownBy(() -> StepRunner.run(f.context, new ArtifactScanStep("../outside")::callable))
                    .isInstanceOf(AbortException.class).hasMessageContaining("../outside");
        }
        assertThat(f.buildDir.resolve("secmlops")).doesNotExist();
        assertThat(f.workspace.resolve(".secmlops/evidence")).doesNotExist();
        verify(f.run, never()).addAction(any());
    }
}
