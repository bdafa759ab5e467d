package io.secmlops.engine.charts;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RobustnessChartsTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final String EVIL = "<script>alert(1)</script> & \"q\"";

    static Map<String, Object> attack(String attack, double eps, String defence, boolean adaptive, double ap50) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", attack);
        m.put("epsilon", eps);
        m.put("defence", defence);
        m.put("adaptive", adaptive);
        m.put("ap50", ap50);
        m.put("retained", 0.5);
        return m;
    }

    static Map<String, Object> tradeoff(String measure, double latency, Map<String, Object> robust) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measure", measure);
        m.put("latencyP50Ms", latency);
        m.put("latencyP95Ms", latency * 1.3);
        m.put("cleanAp50", 0.7);
        m.put("robustAp50", robust);
        return m;
    }

    private static List<Map<String, Object>> attacks() {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[] eps = {8, 1, 4, 2};
        double[] pgd = {0.05, 0.6, 0.2, 0.4};
        for (int i = 0; i < eps.length; i++) {
            rows.add(attack("pgd", eps[i], "none", false, pgd[i]));
            rows.add(attack("pgd", eps[i], "jpeg:75", true, pgd[i] + 0.05));
            rows.add(attack("fgsm", eps[i], "none", false, pgd[i] + 0.1));
        }
        return rows;
    }

    private static List<Map<String, Object>> tradeoffs() {
        return List.of(
                tradeoff("none", 20, Map.of("1", 0.5, "8", 0.1)),
                tradeoff("jpeg:75", 25, Map.of("1", 0.6, "8", 0.3)),
                tradeoff("median:3", 30, Map.of("1", 0.55, "8", 0.2)),
                tradeoff("bit-depth:5", 22, Map.of("1", 0.62, "8", 0.3)),
                tradeoff("gaussian-noise:8", 40, Map.of("1", 0.4, "8", 0.35)));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(SVG);
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(d.getElementsByTagNameNS("*", "script").getLength()).isZero();
        assertThat(d.getElementsByTagNameNS("*", "foreignObject").getLength()).isZero();
        assertThat(svg).doesNotContain("href").doesNotContain("url(").doesNotContain("<script").doesNotContain("<?xml");
        NodeList all = d.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.NamedNodeMap attrs = all.item(i).getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                assertThat(attrs.item(a).getNodeName()).as("no event handler attributes").doesNotStartWith("on");
            }
        }
        return d;
    }

    private static List<Element> elements(Document d, String name) {
        NodeList l = d.getElementsByTagNameNS(SVG, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            out.add((Element) l.item(i));
        }
        return out;
    }

    private static Element series(Document d, String label) {
        return elements(d, "g").stream().filter(g -> g.getAttribute("class").equals("series") && g.getAttribute("data-label").equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + label));
    }

    private static double[][] circles(Element g) {
        NodeList l = g.getElementsByTagNameNS(SVG, "circle");
        double[][] out = new double[l.getLength()][];
        for (int i = 0; i < l.getLength(); i++) {
            Element c = (Element) l.item(i);
            out[i] = new double[] {Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy"))};
        }
        return out;
    }

    @Test
    void epsilonCurveHasOneSeriesPerAttackDefenceAndAdaptiveWithALegend() throws Exception {
        Document d = parse(RobustnessCharts.epsilonCurve(attacks()));
        List<String> labels = elements(d, "g").stream().filter(g -> g.getAttribute("class").equals("series"))
                .map(g -> g.getAttribute("data-label")).toList();
        assertThat(labels).containsExactly("pgd", "pgd + jpeg:75, adaptive", "fgsm");
        List<String> legend = elements(d, "g").stream().filter(g -> g.getAttribute("class").equals("legend")).map(g -> g.getTextContent().strip()).toList();
        assertThat(legend).containsExactly("pgd", "pgd + jpeg:75, adaptive", "fgsm");
        // the adaptive series is dashed, the others solid
        assertThat(((Element) series(d, "pgd + jpeg:75, adaptive").getElementsByTagNameNS(SVG, "polyline").item(0)).getAttribute("stroke-dasharray"))
                .isNotEmpty();
        assertThat(((Element) series(d, "pgd").getElementsByTagNameNS(SVG, "polyline").item(0)).getAttribute("stroke-dasharray")).isEmpty();
    }

    @Test
    void pointsArePlacedInEpsilonOrderAndHigherApIsHigherUp() throws Exception {
        Document d = parse(RobustnessCharts.epsilonCurve(attacks()));
        double[][] pgd = circles(series(d, "pgd"));
        assertThat(pgd).hasNumberOfRows(4);
        for (int i = 1; i < pgd.length; i++) {
            // ε 1, 2, 4, 8 from left to right; AP falls, so y grows (SVG y points down)
            assertThat(pgd[i][0]).isGreaterThan(pgd[i - 1][0]);
            assertThat(pgd[i][1]).isGreaterThan(pgd[i - 1][1]);
        }
        double[][] fgsm = circles(series(d, "fgsm"));
        for (int i = 0; i < 4; i++) {
            assertThat(fgsm[i][0]).isEqualTo(pgd[i][0]);
            assertThat(fgsm[i][1]).as("fgsm AP is 0.1 higher than pgd's").isLessThan(pgd[i][1]);
        }
        // x is linear in ε from 0: ε 8 is twice as far from the origin as ε 4
        double x0 = pgd[0][0] - (pgd[1][0] - pgd[0][0]);
        assertThat(pgd[3][0] - x0).isCloseTo(2 * (pgd[2][0] - x0), org.assertj.core.api.Assertions.within(0.2));
    }

    @Test
    void labelsAreEscaped() throws Exception {
        List<Map<String, Object>> rows = List.of(attack(EVIL, 1, "none", false, 0.5), attack(EVIL, 2, "none", false, 0.4));
        String svg = RobustnessCharts.epsilonCurve(rows);
        assertThat(svg).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;");
        Document d = parse(svg);
        assertThat(series(d, EVIL)).isNotNull();

        String p = RobustnessCharts.pareto(List.of(tradeoff(EVIL + "\u0000", 10, Map.of("1", 0.5))));
        assertThat(p).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;\uFFFD");
        parse(p);
    }

    @Test
    void paretoFrontierHoldsExactlyTheUndominatedMeasures() throws Exception {
        // none 20 ms / 0.1, bit-depth 22 / 0.3, jpeg 25 / 0.3 (bit-depth is faster at the same AP), median 30 / 0.2,
        // gaussian-noise 40 / 0.35
        assertThat(RobustnessCharts.paretoFrontier(tradeoffs())).containsExactly("none", "bit-depth:5", "gaussian-noise:8");
        Document d = parse(RobustnessCharts.pareto(tradeoffs()));
        List<String> onFrontier = elements(d, "g").stream().filter(g -> g.getAttribute("class").equals("point frontier"))
                .map(g -> g.getAttribute("data-label")).toList();
        List<String> all = elements(d, "g").stream().filter(g -> g.getAttribute("class").startsWith("point"))
                .map(g -> g.getAttribute("data-label")).toList();
        assertThat(onFrontier).containsExactlyInAnyOrder("none", "bit-depth:5", "gaussian-noise:8");
        assertThat(all).containsExactly("none", "jpeg:75", "median:3", "bit-depth:5", "gaussian-noise:8");
        // every point is labelled with its measure
        assertThat(elements(d, "text").stream().map(Element::getTextContent)).contains("none", "jpeg:75", "median:3", "bit-depth:5", "gaussian-noise:8");
        // the frontier line runs through the frontier points, fastest first
        Element line = elements(d, "polyline").stream().filter(e -> e.getAttribute("class").equals("frontier")).findFirst().orElseThrow();
        assertThat(line.getAttribute("points").split(" ")).hasSize(3);
    }

    @Test
    void paretoPlacesTheWorstRobustApAndHigherApHigherUp() throws Exception {
        Document d = parse(RobustnessCharts.pareto(tradeoffs()));
        Map<String, double[]> at = new LinkedHashMap<>();
        for (Element g : elements(d, "g")) {
            if (g.getAttribute("class").startsWith("point")) {
                at.put(g.getAttribute("data-label"), circles(g)[0]);
            }
        }
        assertThat(at.get("none")[1]).isGreaterThan(at.get("median:3")[1]);
        assertThat(at.get("median:3")[1]).isGreaterThan(at.get("jpeg:75")[1]);
        assertThat(at.get("jpeg:75")[1]).isEqualTo(at.get("bit-depth:5")[1]);
        assertThat(at.get("jpeg:75")[1]).isGreaterThan(at.get("gaussian-noise:8")[1]);
        assertThat(at.get("none")[0]).isLessThan(at.get("bit-depth:5")[0]);
        assertThat(RobustnessCharts.worstRobustAp50(tradeoffs().get(2))).isEqualTo(0.2);
        assertThat(RobustnessCharts.worstRobustAp50(Map.of("robustAp50", 0.44))).isEqualTo(0.44);
        assertThat(RobustnessCharts.worstRobustAp50(Map.of("robustAp50", Map.of()))).isNull();
    }

    @Test
    void theSameRowsGiveTheSameBytes() {
        assertThat(RobustnessCharts.epsilonCurve(attacks())).isEqualTo(RobustnessCharts.epsilonCurve(attacks()));
        assertThat(RobustnessCharts.pareto(tradeoffs())).isEqualTo(RobustnessCharts.pareto(tradeoffs()));
    }

    @Test
    void noRowsGiveANoDataChartNotAnException() throws Exception {
        for (String svg : List.of(RobustnessCharts.epsilonCurve(List.of()), RobustnessCharts.epsilonCurve(null),
                RobustnessCharts.pareto(List.of()), RobustnessCharts.pareto(null),
                RobustnessCharts.epsilonCurve(List.of(Map.of("attack", "pgd", "epsilon", "four"))),
                RobustnessCharts.pareto(List.of(Map.of("measure", "none", "latencyP50Ms", Double.NaN, "robustAp50", Map.of("1", 0.5)))))) {
            Document d = parse(svg);
            assertThat(elements(d, "g").stream().anyMatch(g -> g.getAttribute("class").equals("no-data"))).isTrue();
            assertThat(svg).contains("No data");
        }
    }

    @Test
    void rowsWithoutNumbersAreLeftOutAndCounted() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>(attacks());
        rows.add(Map.of("attack", "square", "epsilon", 4));
        String svg = RobustnessCharts.epsilonCurve(rows);
        parse(svg);
        assertThat(svg).contains("1 attack row without the numbers to plot left out").doesNotContain("data-label=\"square\"");
    }
}
