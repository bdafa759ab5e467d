package io.secmlops.report;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The adversarialTest section of the HTML report: the trade-off table and the two charts, inline and escaped. */
class RobustnessStudyHtmlTest {
    static final String EVIL_ATTACK = "<script>alert(1)</script> & \"q\"";

    @TempDir
    Path tmp;
    Fixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
    }

    private String html() throws Exception {
        new ComplianceReport(line -> { }).run(fx.request().build());
        return Files.readString(fx.reportDir("compliance").resolve(ComplianceReport.HTML_FILE), StandardCharsets.UTF_8);
    }

    @Test
    void theTradeoffTableHasOneRowPerMeasureAndARobustColumnPerEpsilon() throws Exception {
        fx.robustnessStudy("centernet", "pgd");
        String html = html();
        Matcher table = Pattern.compile("<table class=\"data tradeoffs\">.*?</table>", Pattern.DOTALL).matcher(html);
        assertThat(table.find()).isTrue();
        String t = table.group();
        assertThat(t).contains("<th>latency p50 (ms)</th><th>latency p95 (ms)</th><th>images/s</th><th>peak memory (MB)</th><th>clean AP50</th>"
                + "<th>robust AP50 ε=1/255</th><th>robust AP50 ε=8/255</th>");
        assertThat(t).contains("<tr><th>none</th><td>41.2</td><td>55</td><td>24.1</td><td>812</td><td>0.7</td><td>0.6</td><td>0.24</td></tr>");
        assertThat(t).contains("<tr><th>jpeg:75 + adaptive</th><td>47.5</td>");
        assertThat(Pattern.compile("<tr><th>").matcher(t.substring(t.indexOf("<tbody>"))).results().count()).isEqualTo(3);
        // shown once, as this table, not again as the generic results table
        assertThat(html).doesNotContain("<caption>tradeoffs</caption>");
    }

    @Test
    void bothChartsAreInlineSvgWithoutScript() throws Exception {
        fx.robustnessStudy("centernet", "pgd");
        String html = html();
        assertThat(Pattern.compile("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\"").matcher(html).results().count()).isEqualTo(2);
        assertThat(html).contains("data-label=\"pgd + jpeg:75, adaptive\"").contains("class=\"point frontier\" data-label=\"none\"");
        assertThat(html).doesNotContainIgnoringCase("<script");
    }

    @Test
    void chartLabelsFromEvidenceAreEscapedInTheReport() throws Exception {
        fx.robustnessStudy("centernet", EVIL_ATTACK);
        String html = html();
        assertThat(html).doesNotContain(EVIL_ATTACK).doesNotContainIgnoringCase("<script");
        // the series attribute, the point tooltips and the legend of the ε-curve carry the escaped name
        assertThat(html).contains("data-label=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;\"");
        assertThat(html).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;: ε 1, AP50 0.6</title>");
        assertThat(html).contains(">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;…</text>");
    }
}
