package io.jenkins.plugins.secmlops.signing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.secmlops.execution.Aborts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.MockedConstruction;

/** The controller signs only an OMS statement of the prepared root digest, whatever an agent sends. */
@SuppressWarnings("try")
class ControllerSignerTest {
    static final String ROOT = "a".repeat(64);

    static PreparedModel prepared(String payload, String rootDigest) {
        return new PreparedModel("/ws/models/pds", "models/pds", "pds", "/ws/models/pds/model.sig", "models/pds/model.sig",
                "pds", "files", 0, false, List.of(".git"), List.of(), 1, 3, 1, rootDigest,
                payload.getBytes(StandardCharsets.UTF_8), new ScanResult(0, java.util.Map.of(), List.of(), List.of(), false, null));
    }

    static String statement(String type, String predicate, String digest) {
        return "{\"_type\":\"" + type + "\",\"subject\":[{\"name\":\"pds\",\"digest\":{\"sha256\":\"" + digest + "\"}}],"
                + "\"predicateType\":\"" + predicate + "\",\"predicate\":{}}";
    }

    @Test
    void anOmsStatementOfThePreparedRootDigestIsSigned() {
        assertThatCode(() -> ControllerSigner.checkStatement(prepared(statement("https://in-toto.io/Statement/v1",
                "https://model_signing/signature/v1.0", ROOT), ROOT))).doesNotThrowAnyException();
    }

    @Test
    void anythingElseIsRefused() {
        try (MockedConstruction<AbortException> aborts = Aborts.mock()) {
            for (PreparedModel bad : List.of(
                    prepared("{\"payload\":\"arbitrary data to sign\"}", ROOT),
                    prepared("not json", ROOT),
                    prepared(statement("https://in-toto.io/Statement/v1", "https://slsa.dev/provenance/v1", ROOT), ROOT),
                    prepared(statement("https://in-toto.io/Statement/v1", "https://model_signing/signature/v1.0", "b".repeat(64)), ROOT))) {
                assertThatThrownBy(() -> ControllerSigner.checkStatement(bad))
                        .isInstanceOf(AbortException.class)
                        .hasMessageContaining("the controller refuses to sign it");
            }
        }
    }
}
