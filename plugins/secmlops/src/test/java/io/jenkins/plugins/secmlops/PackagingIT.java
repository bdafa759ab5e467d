package io.jenkins.plugins.secmlops;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.DataBoundConstructor;

/** Opens the packaged target/secmlops.hpi and checks what Jenkins will load from it. */
class PackagingIT {
    static final String PLUGIN_JAR = "WEB-INF/lib/secmlops-0.1.0-SNAPSHOT.jar";
    static final String DESCRIPTOR = "io.jenkins.plugins.secmlops.steps.DataProvenanceStep$DescriptorImpl";
    static final String SIGN_DESCRIPTOR = "io.jenkins.plugins.secmlops.steps.ModelSignStep$DescriptorImpl";
    static final String VERIFY_DESCRIPTOR = "io.jenkins.plugins.secmlops.steps.ModelVerifyStep$DescriptorImpl";
    static final String TOOL = "io.jenkins.plugins.secmlops.tools.DetectorAgentInstallation";
    static final String TOOL_DESCRIPTOR = TOOL + "$DescriptorImpl";
    static final String STEPS = "io/jenkins/plugins/secmlops/steps/";
    // every parameter of every step has Snippet Generator help
    static final Map<String, List<String>> HELP = Map.ofEntries(
            Map.entry("AdversarialTestStep", List.of("attacks", "data", "defences", "detectorAgent", "epsilons", "labels", "maxDrop", "maxImages", "minRobustAP50", "model", "name", "objective", "onFailure", "seed", "shard", "steps", "threads")),
            Map.entry("ArtifactScanStep", List.of("allowGlobals", "allowSymlinks", "failOn", "ignore", "name", "path", "unstableOn")),
            Map.entry("ComplianceReportStep", List.of("catalogs", "credentialsId", "failOn", "formats", "frameworks", "name", "outputDir", "trustedKeys")),
            Map.entry("DataAuditStep", List.of("annotations", "baseline", "embeddings", "embeddingsSplit", "epsilon", "hamming", "labels", "maxClassShift", "maxLeakage", "name", "onBoxErrors", "onClassShift", "onLabelConflict", "onLeakage", "splits")),
            Map.entry("DataProvenanceStep", List.of("allowSymlinks", "baseline", "ignore", "name", "origin", "path", "verify")),
            Map.entry("DriftGateStep", List.of("columns", "correction", "current", "detections", "detectorAgent", "driftShare", "embeddings", "images", "mode", "model", "name", "nonFinite", "onDrift", "permutations", "profileOut", "reference", "referenceDetections", "referenceEmbeddings", "tests")),
            Map.entry("ModelSignStep", List.of("allowSymlinks", "credentialsId", "ignorePaths", "method", "overrideScan", "path", "shardSize", "signature")),
            Map.entry("ModelVerifyStep", List.of("allowSymlinks", "certificateChain", "credentialsId", "ignorePaths", "ignoreUnsignedFiles", "path", "publicKey", "signature")));
    static final String REPORT_DESCRIPTOR = "io.jenkins.plugins.secmlops.steps.ComplianceReportStep$DescriptorImpl";
    static final String TREND_FACTORY = "io.jenkins.plugins.secmlops.report.TrendActionFactory";

    @TempDir
    static Path tmp;
    static Path hpi;
    static Path pluginJar;

    @BeforeAll
    static void unpack() throws IOException {
        hpi = Path.of(System.getProperty("secmlops.hpi", "target/secmlops.hpi"));
        assertThat(hpi).isRegularFile();
        pluginJar = tmp.resolve("plugin.jar");
        try (ZipFile war = new ZipFile(hpi.toFile()); InputStream in = war.getInputStream(war.getEntry(PLUGIN_JAR))) {
            Files.copy(in, pluginJar);
        }
    }

    static List<String> entries(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return Collections.list(z.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    static Attributes manifest(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertThat(m).as("manifest of " + jar).isNotNull();
            return m.getMainAttributes();
        }
    }

    static String text(Path zip, String entry) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(entry);
            assertThat(e).as(entry + " in " + zip).isNotNull();
            return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theHpiManifestDescribesThePlugin() throws IOException {
        Attributes a = manifest(hpi);
        assertThat(a.getValue("Manifest-Version")).isEqualTo("1.0");
        assertThat(a.getValue("Short-Name")).isEqualTo("secmlops");
        assertThat(a.getValue("Long-Name")).isEqualTo("SecMLOps for Jenkins");
        assertThat(a.getValue("Plugin-Version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(a.getValue("Group-Id")).isEqualTo("io.jenkins.plugins.secmlops");
        assertThat(a.getValue("Jenkins-Version")).isEqualTo("2.504.3");
        assertThat(a.getValue("Minimum-Java-Version")).isEqualTo("17");
        assertThat(a.getValue("Plugin-Dependencies")).isEqualTo("workflow-step-api:704.ve4f0967e98fa_,"
                + "workflow-api:1380.ve03e7a_63d139,credentials:1417.vd854994a_f6b_e,"
                + "plain-credentials:199.v9f8e1f741799,structs:350.v3b_30f09f2363,"
                + "bouncycastle-api:2.30.1.80-261.v00c0e2618ec3");
        assertThat(a.getValue("Url")).isEqualTo("https://github.com/jenkinsci/secmlops-plugin");
    }

    @Test
    void thePluginJarIsMarkedAsAPluginJarForJep200() throws IOException {
        Attributes a = manifest(pluginJar);
        assertThat(a.getValue("Short-Name")).isEqualTo("secmlops");
        assertThat(a.getValue("Plugin-Version")).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void webInfLibHoldsThePluginTheEngineAndItsLibrariesButNothingJenkinsCoreShips() throws IOException {
        List<String> entries = entries(hpi);
        assertThat(entries).noneMatch(e -> e.startsWith("WEB-INF/classes/"));
        Set<String> libs = entries.stream().filter(e -> e.startsWith("WEB-INF/lib/") && e.endsWith(".jar"))
                .map(e -> e.substring("WEB-INF/lib/".length())).collect(Collectors.toSet());
        assertThat(libs).contains("secmlops-0.1.0-SNAPSHOT.jar", "secmlops-engine-0.1.0-SNAPSHOT.jar",
                "secmlops-signing-0.1.0-SNAPSHOT.jar", "secmlops-drift-0.1.0-SNAPSHOT.jar",
                "secmlops-audit-0.1.0-SNAPSHOT.jar", "secmlops-report-0.1.0-SNAPSHOT.jar");
        // complianceReport's engine: cyclonedx-core-java and what it needs beyond core (runs on the agent only)
        for (String report : List.of("cyclonedx-core-java-", "commons-lang3-", "commons-collections4-", "packageurl-java-",
                "jackson-dataformat-xml-", "stax2-api-", "woodstox-core-", "json-schema-validator-", "itu-",
                "jackson-dataformat-yaml-", "snakeyaml-")) {
            assertThat(libs).anyMatch(l -> l.startsWith(report));
        }
        assertThat(libs).anyMatch(l -> l.startsWith("jackson-databind-"))
                .anyMatch(l -> l.startsWith("jackson-core-"))
                .anyMatch(l -> l.startsWith("jackson-annotations-"))
                .anyMatch(l -> l.startsWith("org.eclipse.jgit-"))
                .anyMatch(l -> l.startsWith("JavaEWAH-"));
        // in Jenkins core's WEB-INF/lib, or compile-only
        for (String notOurs : List.of("slf4j-", "commons-codec-", "commons-io-", "commons-lang-", "guava-",
                "failureaccess-", "jcl-over-slf4j-", "log4j-", "sezpoz-", "stapler-", "jakarta.servlet-",
                "secmlops-jenkins-api-", "jenkins-core-", "remoting-", "annotation-indexer-", "symbol-annotation-",
                "workflow-", "structs-", "credentials-", "junit-", "mockito-", "assertj-", "archunit-",
                // the bouncycastle-api plugin's (a Plugin-Dependency), and Spring Security, which core ships
                "bcprov-", "bcpkix-", "bcutil-", "bouncycastle-api-", "spring-")) {
            assertThat(libs).as("WEB-INF/lib must not hold " + notOurs + "*").noneMatch(l -> l.startsWith(notOurs));
        }
        assertThat(libs).anyMatch(l -> l.startsWith("hipparchus-stat-")).anyMatch(l -> l.startsWith("hipparchus-core-"));
        // the governance module and the policy file's YAML reader
        assertThat(libs).anyMatch(l -> l.startsWith("secmlops-governance-")).anyMatch(l -> l.startsWith("jackson-dataformat-yaml-"))
                .anyMatch(l -> l.startsWith("snakeyaml-"));
        assertThat(libs).hasSize(25);
    }

    @Test
    void noClassOfTheDeclarationsModuleIsPackaged() throws Exception {
        assertThat(entries(hpi)).noneMatch(e -> e.endsWith(".class"));
        assertThat(entries(pluginJar).stream().filter(e -> e.endsWith(".class")))
                .allMatch(e -> e.startsWith("io/jenkins/plugins/secmlops/"))
                .noneMatch(e -> e.startsWith("io/jenkins/plugins/secmlops/api/"));

        // built against our declarations (the default profile): none of their classes may appear
        Path declarations = declarationsModule();
        if (declarations != null) {
            List<String> declared = classesIn(declarations);
            assertThat(declared).contains("hudson/FilePath.class", "org/jenkinsci/plugins/workflow/steps/Step.class");
            List<String> packaged = new ArrayList<>(entries(hpi));
            packaged.addAll(entries(pluginJar));
            assertThat(packaged).doesNotContainAnyElementsOf(declared);
        }
    }

    /** The declarations module's jar or classes folder, or null when the build used the real Jenkins artifacts. */
    static Path declarationsModule() throws Exception {
        try {
            Class<?> processor = Class.forName("io.jenkins.plugins.secmlops.api.IndexedAnnotationProcessor");
            return Path.of(processor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static List<String> classesIn(Path jarOrFolder) throws IOException {
        if (Files.isDirectory(jarOrFolder)) {
            try (var s = Files.walk(jarOrFolder)) {
                return s.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> jarOrFolder.relativize(p).toString().replace('\\', '/')).toList();
            }
        }
        return entries(jarOrFolder).stream().filter(e -> e.endsWith(".class")).toList();
    }

    @Test
    void sezpozIndexesTheStepDescriptorsAsExtensions() throws IOException {
        List<String> names = new ArrayList<>();
        try (URLClassLoader onlyThePlugin = new URLClassLoader(new URL[] {pluginJar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, onlyThePlugin)) {
                names.add(item.className());
            }
        }
        assertThat(names).contains(DESCRIPTOR, SIGN_DESCRIPTOR, VERIFY_DESCRIPTOR, TOOL_DESCRIPTOR, REPORT_DESCRIPTOR,
                TREND_FACTORY);
    }

    @Test
    void theAnnotationIndexerIndexNamesTheSymbolsOfTheSteps() throws IOException {
        assertThat(text(pluginJar, "META-INF/services/annotations/org.jenkinsci.Symbol").lines())
                .contains(DESCRIPTOR, SIGN_DESCRIPTOR, VERIFY_DESCRIPTOR, TOOL_DESCRIPTOR, REPORT_DESCRIPTOR);
    }

    /** Manage Jenkins > Tools shows the installation's form (name, home) and the home's help from the plugin jar. */
    @Test
    void theDetectorAgentToolHasItsFormAndHelp() throws IOException {
        String dir = TOOL.replace('.', '/') + "/";
        assertThat(entries(pluginJar)).contains(dir + "config.jelly", dir + "help-home.html");
        assertThat(text(pluginJar, dir + "config.jelly")).startsWith("<?jelly escape-by-default='true'?>")
                .contains("field=\"name\"").contains("field=\"home\"");
        assertThat(text(pluginJar, dir + "help-home.html")).contains("bin/detector-agent")
                .contains("secmlops-detector-agent-*-dist.tar.gz").contains("-Pgpu").contains("Tool Locations");
    }

    /** The @Symbol is detectorAgent; Stapler binds name, home and properties by the constructor's parameter names. */
    @Test
    void thePackagedToolKeepsItsSymbolAndConstructorParameterNames() throws Exception {
        try (PluginFirst loader = new PluginFirst(pluginJar.toUri().toURL(), PackagingIT.class.getClassLoader())) {
            Class<?> tool = Class.forName(TOOL, false, loader);
            Constructor<?> ctor = tool.getConstructor(String.class, String.class, List.class);
            assertThat(ctor.isAnnotationPresent(DataBoundConstructor.class)).isTrue();
            assertThat(ctor.getParameters()).extracting(Parameter::getName).containsExactly("name", "home", "properties");
            Class<?> descriptor = Class.forName(TOOL_DESCRIPTOR, false, loader);
            assertThat(descriptor.getAnnotation(Symbol.class).value()).containsExactly("detectorAgent");
            assertThat(descriptor.isAnnotationPresent(Extension.class)).isTrue();
        }
    }

    @Test
    void viewsAndHelpFilesSitBesideTheirClasses() throws IOException {
        String step = "io/jenkins/plugins/secmlops/steps/DataProvenanceStep/";
        String action = "io/jenkins/plugins/secmlops/evidence/SecMlOpsBuildAction/";
        assertThat(entries(pluginJar)).contains("index.jelly", step + "config.jelly", step + "help.html",
                step + "help-path.html", step + "help-name.html", step + "help-verify.html", step + "help-baseline.html",
                step + "help-ignore.html", step + "help-allowSymlinks.html", step + "help-origin.html",
                action + "index.jelly", action + "summary.jelly");
        String report = "io/jenkins/plugins/secmlops/report/";
        List<String> reportViews = List.of(report + "ComplianceReportAction/index.jelly",
                report + "ComplianceReportAction/summary.jelly", report + "SecMlOpsTrendAction/jobMain.jelly",
                report + "SecMlOpsTrendAction/index.jelly");
        assertThat(entries(pluginJar)).containsAll(reportViews);
        for (String view : reportViews) {
            assertThat(text(pluginJar, view)).startsWith("<?jelly escape-by-default='true'?>");
        }
        for (String view : List.of("index.jelly", step + "config.jelly", action + "index.jelly", action + "summary.jelly")) {
            assertThat(text(pluginJar, view)).startsWith("<?jelly escape-by-default='true'?>");
        }
    }

    /** Every step has its form, an overall help page and one help page per parameter. */
    @Test
    void everyStepHasItsFormAndAHelpFileForEveryParameter() throws IOException {
        List<String> entries = entries(pluginJar);
        HELP.forEach((step, parameters) -> {
            String dir = STEPS + step + "/";
            assertThat(entries).contains(dir + "config.jelly", dir + "help.html");
            for (String parameter : parameters) {
                assertThat(entries).contains(dir + "help-" + parameter + ".html");
            }
        });
        for (String step : List.of("ModelSignStep", "ModelVerifyStep", "ComplianceReportStep")) {
            String form = text(pluginJar, STEPS + step + "/config.jelly");
            assertThat(form).startsWith("<?jelly escape-by-default='true'?>")
                    .contains("xmlns:c=\"/lib/credentials\"").contains("<c:select/>")
                    .contains("field=\"credentialsId\"");
        }
    }

    /** Stapler binds {@code dataProvenance path: ..., name: ...} by the constructor's parameter names. */
    @Test
    void thePackagedStepKeepsItsConstructorParameterNames() throws Exception {
        try (PluginFirst loader = new PluginFirst(pluginJar.toUri().toURL(), PackagingIT.class.getClassLoader())) {
            Class<?> step = Class.forName("io.jenkins.plugins.secmlops.steps.DataProvenanceStep", false, loader);
            assertThat(step.getClassLoader()).isSameAs(loader);
            Constructor<?> ctor = step.getConstructor(String.class, String.class);
            assertThat(ctor.isAnnotationPresent(DataBoundConstructor.class)).isTrue();
            assertThat(ctor.getParameters()).allMatch(Parameter::isNamePresent)
                    .extracting(Parameter::getName).containsExactly("path", "name");
        }
    }

    /** modelSign path: ..., credentialsId: ... and modelVerify path: ... bind by these names too. */
    @Test
    void theSigningStepsKeepTheirConstructorParameterNames() throws Exception {
        try (PluginFirst loader = new PluginFirst(pluginJar.toUri().toURL(), PackagingIT.class.getClassLoader())) {
            Class<?> sign = Class.forName("io.jenkins.plugins.secmlops.steps.ModelSignStep", false, loader);
            assertThat(sign.getConstructor(String.class, String.class).getParameters())
                    .extracting(Parameter::getName).containsExactly("path", "credentialsId");
            Class<?> verify = Class.forName("io.jenkins.plugins.secmlops.steps.ModelVerifyStep", false, loader);
            assertThat(verify.getConstructor(String.class).getParameters())
                    .extracting(Parameter::getName).containsExactly("path");
        }
    }

    /** Loads the plugin's own classes from the packaged jar, everything else from the test class path. */
    static final class PluginFirst extends URLClassLoader {
        PluginFirst(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.jenkins.plugins.secmlops.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
