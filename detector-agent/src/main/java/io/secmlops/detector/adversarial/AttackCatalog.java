package io.secmlops.detector.adversarial;

import io.secmlops.detector.adversarial.attacks.AdversarialPatch;
import io.secmlops.detector.adversarial.attacks.CorruptionAttack;
import io.secmlops.detector.adversarial.attacks.Fgsm;
import io.secmlops.detector.adversarial.attacks.Pgd;
import io.secmlops.detector.adversarial.attacks.RandomNoise;
import io.secmlops.detector.adversarial.attacks.SquareAttack;
import io.secmlops.detector.adversarial.transform.Corruption;
import io.secmlops.detector.adversarial.transform.Corruptions;
import io.secmlops.detector.adversarial.transform.Defences;
import io.secmlops.detector.adversarial.transform.Defence;
import io.secmlops.engine.SecMlOpsException;

import java.util.ArrayList;
import java.util.List;

/**
 * The names users type for attacks and defences, and the attacks they stand for at one ε. Corruptions are named
 * {@code NAME} (every severity 1..5) or {@code NAME:S} (one severity).
 */
public final class AttackCatalog {

    /** Attacks bounded by ε, run at every ε of the study. */
    public static final List<String> EPSILON_ATTACKS = List.of("fgsm", "pgd-linf", "pgd-l2", "square", "noise");
    public static final String PATCH = "patch";

    /** The knobs every attack reads. */
    public record Settings(long seed, int steps, double stepSize, boolean randomStart, int queries, int patchSide, int eotSamples) {
    }

    private AttackCatalog() {
    }

    public static boolean gradientAttack(String name) {
        return name.equals("fgsm") || name.startsWith("pgd-") || name.equals(PATCH);
    }

    /** An ε-bounded attack at one ε (1/255 units). */
    public static Attack epsilonAttack(String name, double epsilon, Settings s) {
        return switch (name) {
            case "fgsm" -> new Fgsm(epsilon);
            case "pgd-linf" -> new Pgd(Pgd.Norm.LINF, epsilon, s.steps(), s.stepSize(), s.randomStart(), s.seed());
            case "pgd-l2" -> new Pgd(Pgd.Norm.L2, epsilon, s.steps(), s.stepSize(), s.randomStart(), s.seed());
            case "square" -> new SquareAttack(epsilon, s.queries(), s.seed());
            case "noise" -> new RandomNoise(epsilon, s.seed());
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static Attack patch(Settings s) {
        return new AdversarialPatch(s.patchSide(), s.steps(), 16, s.seed());
    }

    /** The corruption attacks one name stands for: NAME (severities 1..5) or NAME:S. */
    public static List<Attack> corruptionAttacks(String spec, Settings s) throws SecMlOpsException {
        String name = spec;
        List<Integer> severities = List.of(1, 2, 3, 4, 5);
        int colon = spec.indexOf(':');
        if (colon > 0) {
            name = spec.substring(0, colon);
            try {
                int sev = Integer.parseInt(spec.substring(colon + 1));
                if (sev < 1 || sev > 5) {
                    throw new NumberFormatException();
                }
                severities = List.of(sev);
            } catch (NumberFormatException e) {
                throw new SecMlOpsException("--attacks " + spec + ": severity '" + spec.substring(colon + 1) + "' is not 1..5.",
                        "Write a corruption as NAME (severities 1 to 5) or NAME:S with S from 1 to 5, e.g. blur:3.");
            }
        }
        List<Attack> out = new ArrayList<>();
        for (int sev : severities) {
            out.add(new CorruptionAttack(corruption(name, sev), s.seed()));
        }
        return out;
    }

    /** Every name --attacks takes. */
    public static List<String> attackNames() {
        List<String> all = new ArrayList<>(EPSILON_ATTACKS);
        all.add(PATCH);
        all.addAll(corruptionNames());
        return all;
    }

    /** Refuses unknown names, listing the valid ones. */
    public static void checkAttack(String spec) throws SecMlOpsException {
        String base = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        if (EPSILON_ATTACKS.contains(spec) || spec.equals(PATCH) || corruptionNames().contains(base)) {
            return;
        }
        throw new SecMlOpsException("--attacks: unknown attack '" + spec + "'.", "Valid attacks: " + String.join(", ", attackNames())
                + (corruptionNames().isEmpty() ? "" : " (corruptions also as NAME:S, severity S 1..5)") + ".");
    }

    // The only places that look corruptions and defences up by name: the registries of the transform package.

    public static List<String> corruptionNames() {
        return Corruptions.names();
    }

    static Corruption corruption(String name, int severity) throws SecMlOpsException {
        return Corruptions.byName(name, severity);
    }

    public static List<String> defenceNames() {
        return Defences.names();
    }

    public static Defence defence(String name) throws SecMlOpsException {
        return Defences.byName(name);
    }
}
