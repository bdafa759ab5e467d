package io.secmlops.governance;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** Governance is engine code: nothing of Jenkins, Stapler or TensorFlow. */
class ArchitectureTest {
    private static final JavaClasses GOVERNANCE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.secmlops.governance");

    @Test
    void governanceImportsNothingFromJenkinsStaplerOrTensorFlow() {
        assertThat(GOVERNANCE.size()).as("governance classes found").isGreaterThan(10);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke.stapler..", "org.tensorflow..")
                .because("governance runs and is tested without Jenkins")
                .check(GOVERNANCE);
    }
}
