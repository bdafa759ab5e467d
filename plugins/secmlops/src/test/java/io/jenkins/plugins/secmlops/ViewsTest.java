package io.jenkins.plugins.secmlops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Jelly view escapes what it shows. */
class ViewsTest {
    static List<Path> jellyViews() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/main/resources"))) {
            return s.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
    }

    @Test
    void everyViewEscapesByDefaultAndNeverWritesRawValues() throws IOException {
        List<Path> views = jellyViews();
        assertThat(views).hasSizeGreaterThanOrEqualTo(4);
        for (Path view : views) {
            String text = Files.readString(view);
            assertThat(text).as(view.toString())
                    .startsWith("<?jelly escape-by-default='true'?>")
                    .doesNotContain("escape-by-default='false'")
                    .doesNotContain("escape-by-default=\"false\"")
                    .doesNotContain("<j:out")
                    .doesNotContain("rawHtml")
                    .doesNotContain("<script")
                    .doesNotContain("javascript:");
            // a value never decides where a link or image points, nor goes into a style: ${...} may only follow a
            // literal path inside href/src, and never appear in style, on* handlers or raw text contexts
            Matcher urls = Pattern.compile("(href|src)=\"([^\"]*)\"").matcher(text);
            while (urls.find()) {
                String url = urls.group(2).replace("${it.urlName}", "URL_NAME"); // the action's constant URL name
                assertThat(url).as(view + ": " + urls.group()).doesNotStartWith("${");
            }
            assertThat(Pattern.compile("(style|on[a-z]+)=\"[^\"]*\\$\\{").matcher(text).find()).as(view.toString()).isFalse();
        }
    }

    /** The compliance report's build summary, detail page, job trend and step form are among the checked views. */
    @Test
    void theReportViewsExist() throws IOException {
        List<String> names = jellyViews().stream().map(p -> p.toString().replace('\\', '/')).toList();
        assertThat(names).anyMatch(n -> n.endsWith("report/ComplianceReportAction/summary.jelly"))
                .anyMatch(n -> n.endsWith("report/ComplianceReportAction/index.jelly"))
                .anyMatch(n -> n.endsWith("report/SecMlOpsTrendAction/jobMain.jelly"))
                .anyMatch(n -> n.endsWith("report/SecMlOpsTrendAction/index.jelly"))
                .anyMatch(n -> n.endsWith("steps/ComplianceReportStep/config.jelly"));
    }
}
