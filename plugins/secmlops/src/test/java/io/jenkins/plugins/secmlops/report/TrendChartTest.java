package io.jenkins.plugins.secmlops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.model.Job;
import hudson.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The job trend: three fake builds' summary files, read through mocked builds, drawn as SVG. */
class TrendChartTest {
    @TempDir
    Path tmp;

    /** Builds #1..#3 (newest last) with a summary each, and a #4 without one; #2 has a hostile display name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Job<?, ?> job() throws Exception {
        String[] names = {"#1", "#2 <b onload=\"x\">&'", "#3", "#4"};
        TrendSummary[] summaries = {new TrendSummary(0.5, 0.1, 10, 20), new TrendSummary(0.25, null, 15, 20),
                new TrendSummary(null, 0.75, 20, 20), null};
        Run previous = null;
        for (int i = 0; i < 4; i++) {
            Path dir = Files.createDirectories(tmp.resolve("builds/" + (i + 1)));
            if (summaries[i] != null) {
                summaries[i].write(dir);
            }
            Run r = mock(Run.class);
            when(r.getRootDir()).thenReturn(dir.toFile());
            when(r.getDisplayName()).thenReturn(names[i]);
            when(r.getPreviousBuild()).thenReturn(previous);
            previous = r;
        }
        Job job = mock(Job.class);
        when(job.getLastBuild()).thenReturn(previous);
        return job;
    }

    @Test
    void summariesRoundTripAndUnreadableOnesAreSkipped() throws Exception {
        TrendSummary s = new TrendSummary(0.41, 0.25, 7, 30);
        s.write(tmp);
        assertThat(TrendSummary.read(tmp)).isEqualTo(s);
        assertThat(s.satisfiedShare()).isEqualTo(7 / 30.0);
        Files.writeString(tmp.resolve(TrendSummary.FILE), "{\"schemaVersion\":\"other\"}");
        assertThat(TrendSummary.read(tmp)).isNull();
        Files.writeString(tmp.resolve(TrendSummary.FILE), "{not json");
        assertThat(TrendSummary.read(tmp)).isNull();
        assertThat(TrendSummary.read(tmp.resolve("nowhere"))).isNull();
    }

    @Test
    void theActionReadsTheBuildsOldestFirstAndDrawsTheRightPoints() throws Exception {
        SecMlOpsTrendAction action = new SecMlOpsTrendAction(job());
        List<TrendChart.Point> points = action.getPoints();
        assertThat(points).extracting(TrendChart.Point::label).containsExactly("#1", "#2 <b onload=\"x\">&'", "#3");
        assertThat(action.isEmpty()).isFalse();
        assertThat(new TrendActionFactory().createFor(job())).hasSize(1).first().isInstanceOf(SecMlOpsTrendAction.class);

        String svg = TrendChart.render(points);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(svg).doesNotContain("<b ").contains("#2 &lt;b onload=&quot;x&quot;&gt;&amp;&#39;");

        // x: 48, 336, 624 over 640 px; y = 16 + 176 * (1 - v)
        double[] xs = {48, 336, 624};
        assertThat(polyline(svg, "#1f77b4")).containsExactly(pt(xs[0], 0.5), pt(xs[1], 0.25)); // robust AP50
        assertThat(polyline(svg, "#d62728")).containsExactly(pt(xs[0], 0.1), pt(xs[2], 0.75)); // drift share
        assertThat(polyline(svg, "#2ca02c")).containsExactly(pt(xs[0], 0.5), pt(xs[1], 0.75), pt(xs[2], 1.0));
        NodeList circles = doc.getElementsByTagName("circle");
        assertThat(circles.getLength()).isEqualTo(7);
        assertThat(svg).contains("<title>#3 controls satisfied: 20 of 20</title>");
    }

    @Test
    void noBuildsGiveAnEmptyChartAndNoAction() throws Exception {
        Job<?, ?> job = mock(Job.class);
        assertThat(new SecMlOpsTrendAction(job).isEmpty()).isTrue();
        assertThat(new TrendActionFactory().createFor(job)).isEmpty();
        assertThat(TrendChart.render(List.of())).contains("No build with a compliance report yet");
    }

    static String pt(double x, double v) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, 16 + 176 * (1 - v));
    }

    static List<String> polyline(String svg, String colour) {
        Matcher m = Pattern.compile("<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"([^\"]*)\"/>")
                .matcher(svg);
        assertThat(m.find()).as("polyline " + colour).isTrue();
        return new ArrayList<>(List.of(m.group(1).split(" ")));
    }
}
