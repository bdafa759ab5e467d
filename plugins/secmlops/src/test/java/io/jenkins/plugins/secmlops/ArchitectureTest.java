package io.jenkins.plugins.secmlops;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jenkins.plugins.secmlops.execution.AgentCallable;
import io.jenkins.plugins.secmlops.execution.ReportOutcome;
import io.jenkins.plugins.secmlops.execution.StepOutcome;
import io.jenkins.plugins.secmlops.signing.ControllerSigner;
import io.jenkins.plugins.secmlops.signing.ModelSignature;
import io.jenkins.plugins.secmlops.signing.PreparedModel;
import io.jenkins.plugins.secmlops.signing.SigningForms;
import org.junit.jupiter.api.Test;

/**
 * Steps stay thin and the agent channel stays safe: steps and the execution call the engine only through
 * {@link AgentCallable}s, what crosses the channel holds no library type, and a private key is handled by one class on
 * the controller.
 */
class ArchitectureTest {
    static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jenkins.plugins.secmlops");

    @Test
    void stepsAndTheExecutionReachTheEngineOnlyThroughCallables() {
        noClasses().that().resideInAnyPackage("..secmlops.steps..", "..secmlops.execution..")
                .and(not(assignableTo(AgentCallable.class)))
                .should().dependOnClassesThat().resideInAnyPackage("io.secmlops.engine..", "io.secmlops.signing..")
                .because("a step only parses parameters; the engine runs on the agent inside its callable")
                .check(PLUGIN);
    }

    @Test
    void onlyTheCallablesAndTheControllerSignerUseTheSigningLibrary() {
        noClasses().that(not(assignableTo(AgentCallable.class)))
                .and().doNotHaveFullyQualifiedName(ControllerSigner.class.getName())
                .and().doNotHaveFullyQualifiedName(SigningForms.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.secmlops.signing..")
                .because("signing runs on the agent (hash, write, verify) and on the controller in one class (sign)")
                .check(PLUGIN);
    }

    @Test
    void onlyTheControllerSignerLoadsOrHoldsAPrivateKey() {
        noClasses().that().doNotHaveFullyQualifiedName(ControllerSigner.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName("io.secmlops.signing.KeyLoader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.secmlops.signing.SigningKey")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.PrivateKey")
                .because("the key is read from the credential, used and dropped on the controller")
                .check(PLUGIN);
        fields().that().areDeclaredIn(ControllerSigner.class)
                .should().notHaveRawType(resideInAPackage("io.secmlops.signing.."))
                .andShould().notHaveRawType(resideInAPackage("java.security.."))
                .check(PLUGIN);
    }

    @Test
    void controllerSideEvidenceCodeOnlyReadsEvidence() {
        classes().that().resideInAPackage("..secmlops.evidence..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("io.secmlops.engine..")
                        .and(not(resideInAPackage("io.secmlops.engine.evidence")))
                        .and(not(resideInAPackage("io.secmlops.engine.gate")))
                        .and(not(resideInAPackage("io.secmlops.engine")))))
                .because("the controller only names, reads and shows stored evidence; it never runs the engine")
                .check(PLUGIN);
    }

    @Test
    void noJenkinsJvmLoadsTensorFlow() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.tensorflow..", "io.secmlops.detector..")
                .because("the detector agent runs as its own process on the node (DetectorAgentTool), never in a "
                        + "controller or agent JVM")
                .check(PLUGIN);
    }

    @Test
    void whatCrossesTheChannelHoldsNoLibraryTypeAndNoSecret() {
        fields().that().areDeclaredInClassesThat().areAssignableTo(AgentCallable.class)
                .or().areDeclaredInClassesThat().areAssignableTo(StepOutcome.class)
                .or().areDeclaredInClassesThat().areAssignableTo(ReportOutcome.class)
                .or().areDeclaredInClassesThat().areAssignableTo(PreparedModel.class)
                .or().areDeclaredInClassesThat().areAssignableTo(ModelSignature.class)
                .should().notHaveRawType(resideInAPackage("io.secmlops.engine.."))
                .andShould().notHaveRawType(resideInAPackage("io.secmlops.signing.."))
                .andShould().notHaveRawType(resideInAPackage("com.fasterxml.."))
                .andShould().notHaveRawType(resideInAPackage("org.eclipse.jgit.."))
                .andShould().notHaveRawType(resideInAPackage("org.bouncycastle.."))
                .andShould().notHaveRawType(resideInAPackage("java.security.."))
                .andShould().notHaveRawType(resideInAPackage("com.cloudbees.plugins.credentials.."))
                .andShould().notHaveRawType(resideInAPackage("org.jenkinsci.plugins.plaincredentials.."))
                .andShould().notHaveRawType(resideInAPackage("hudson.util.."))
                .check(PLUGIN);
    }
}
