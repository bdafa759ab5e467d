package io.secmlops.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code secmlops bench neardup}: the index and the brute-force scan agree, and the ratio is printed. */
class BenchNearDupTest {
    @Test
    void theIndexFindsEveryPlantedPairAndTheSamePairsAsBruteForce() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                new String[] {"bench", "neardup", "--n", "5000", "--planted", "50", "--radius", "6", "--repeat", "1"});
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("machine: ")
                .contains("5,000 random 64-bit hashes, 50 planted")
                .contains("planted pairs found: 50/50")
                .contains("brute force (all pairs): 12,497,500 Hamming comparisons")
                .contains("same pairs as the index: yes")
                .containsPattern("ratio: the index is \\d+x faster and makes \\d+x fewer comparisons");

        StringWriter err2 = new StringWriter();
        int bad = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true),
                new String[] {"bench", "neardup", "--n", "10", "--planted", "9"});
        assertThat(bad).isEqualTo(ExitCode.USAGE);
        assertThat(err2.toString()).contains("at most n/2 planted");
    }
}
