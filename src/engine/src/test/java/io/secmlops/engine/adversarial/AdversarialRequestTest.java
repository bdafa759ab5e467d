package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad parameters are refused with one message naming the parameter and the fix; good ones become agent arguments. */
class AdversarialRequestTest {
    private static AdversarialRequest.Builder base() {
        return AdversarialRequest.builder(Path.of("/ws")).model("models/pds").data("data/pds-val");
    }

    @Test
    void epsilonsOutsideThePixelRangeNegativeOrNotANumberAreRefused() {
        assertThatThrownBy(() -> base().epsilons(List.of(1, -2)).build()).isInstanceOf(SecMlOpsException.class)
                .hasMessage("Parameter epsilons has -2, which is negative.")
                .satisfies(e -> assertThat(((SecMlOpsException) e).fix()).contains("1/255 units from 0 to 255"));
        assertThatThrownBy(() -> base().epsilons(List.of(4, 256)).build())
                .hasMessage("Parameter epsilons has 256, which is above 255, outside the pixel range.");
        assertThatThrownBy(() -> base().epsilons(List.of(Double.NaN)).build())
                .hasMessage("Parameter epsilons has NaN, which is not a number.");
        assertThatThrownBy(() -> base().epsilons(Arrays.asList(1, null)).build())
                .hasMessage("Parameter epsilons has null, which is not a number.");
        assertThatThrownBy(() -> base().epsilons(List.of(Double.POSITIVE_INFINITY)).build()).hasMessageContaining("above 255");
    }

    @Test
    void theEdgesOfThePixelRangeAreValid() throws Exception {
        assertThat(base().epsilons(List.of(0, 0.5, 255)).build().agentArguments()).containsSequence("--epsilons", "0,0.5,255");
    }

    @Test
    void malformedOrOutOfRangeShardsAreRefused() {
        for (String bad : List.of("2of4", "a/b", "2/", "/4", "-1/4", "1/2/3", "2.0/4")) {
            assertThatThrownBy(() -> ShardSpec.parse(bad)).as(bad).isInstanceOf(SecMlOpsException.class)
                    .hasMessage("Parameter shard is '" + bad + "', which is not of the form I/N.");
        }
        assertThatThrownBy(() -> ShardSpec.parse("5/4")).hasMessage("Parameter shard is '5/4': shard 5 does not exist among 4 (shards are "
                + "numbered 1 to 4).");
        assertThatThrownBy(() -> ShardSpec.parse("0/4")).hasMessageContaining("shard 0 does not exist among 4");
        assertThatThrownBy(() -> ShardSpec.parse("1/0")).hasMessageContaining("the shard count 0 is out of range");
        assertThatThrownBy(() -> ShardSpec.parse("1/999999999")).hasMessageContaining("out of range (1..10000)");
        assertThatThrownBy(() -> ShardSpec.parse("1/99999999999")).hasMessageContaining("not of the form I/N");
        assertThatThrownBy(() -> base().shard("3/2").build()).isInstanceOf(SecMlOpsException.class)
                .satisfies(e -> assertThat(((SecMlOpsException) e).oneLine()).contains("Fix: give shard: 'I/N' with 1 <= I <= N"));
    }

    @Test
    void aShardGetsItsOwnEvidenceNameAndResultFolder() throws Exception {
        assertThat(ShardSpec.parse(" 2 / 4 ")).isEqualTo(new ShardSpec(2, 4));
        assertThat(ShardSpec.parse(null)).isEqualTo(ShardSpec.WHOLE);
        AdversarialRequest r = base().name("pds").shard("2/4").build();
        assertThat(r.evidenceName()).isEqualTo("pds-shard-2of4");
        assertThat(r.resultFile()).isEqualTo(".secmlops/adversarial/adversarialTest-pds-shard-2of4/attack.json");
        assertThat(base().build().evidenceName()).isEqualTo("adversarial");
    }

    @Test
    void otherParametersAreCheckedBeforeTheAgentRuns() {
        assertThatThrownBy(() -> AdversarialRequest.builder(Path.of("/ws")).data("d").build()).hasMessage("Parameter model is missing.");
        assertThatThrownBy(() -> base().minRobustAP50(1.5).build()).hasMessage("Parameter minRobustAP50 is 1.5.");
        assertThatThrownBy(() -> base().maxDrop(Double.NaN).build()).hasMessage("Parameter maxDrop is NaN.");
        assertThatThrownBy(() -> base().onFailure("warn").build()).hasMessage("Parameter onFailure is 'warn'.");
        assertThatThrownBy(() -> base().objective("targeted").build()).hasMessage("Parameter objective is 'targeted'.");
        assertThatThrownBy(() -> base().attacks(List.of("fgsm,pgd")).build()).hasMessage("Parameter attacks has the entry 'fgsm,pgd'.");
        assertThatThrownBy(() -> base().threads(0).build()).hasMessage("Parameter threads is 0.");
        assertThatThrownBy(() -> base().steps(-1).build()).hasMessage("Parameter steps is -1.");
        assertThatThrownBy(() -> base().name("../x").build()).hasMessage("Parameter name is '../x'.");
    }

    @Test
    void theAgentArgumentsCarryEveryOptionGivenAndNothingElse() throws Exception {
        // every image is studied unless maxImages limits it (the agent alone would look at 8)
        assertThat(base().maxImages(6).build().agentArguments()).containsSequence("--max-images", "6");
        assertThatThrownBy(() -> base().maxImages(-1).build()).hasMessageContaining("maxImages is -1");
        AdversarialRequest r = base().name("pds").labels("data/pds-val/annotations.json").attacks(List.of("fgsm", " pgd-linf ", "fgsm"))
                .epsilons(List.of(1, 2.0, 8)).defences(List.of("jpeg", "median")).objective("Untargeted").steps(10).seed(42L).threads(2)
                .shard("1/3").build();
        assertThat(r.agentArguments()).containsExactly("attack", "--model", "models/pds", "--data", "data/pds-val",
                "--labels", "data/pds-val/annotations.json", "--attacks", "fgsm,pgd-linf", "--epsilons", "1,2,8",
                "--defences", "jpeg,median", "--objective", "untargeted", "--max-images", "0", "--steps", "10", "--seed", "42", "--threads", "2",
                "--shard", "1/3", "--out", ".secmlops/adversarial/adversarialTest-pds-shard-1of3/attack.json");
        assertThat(base().build().agentArguments()).containsExactly("attack", "--model", "models/pds", "--data", "data/pds-val",
                "--max-images", "0", "--shard", "1/1", "--out", ".secmlops/adversarial/adversarialTest-adversarial/attack.json");
    }
}
