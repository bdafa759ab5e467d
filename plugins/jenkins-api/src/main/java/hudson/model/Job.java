package hudson.model;

/**
 * Compile-only declaration of Jenkins core's {@code hudson.model.Job}, needed for the type-variable bounds of
 * {@link Run}. Upstream extends {@code AbstractItem} (itself an {@link Actionable}).
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    private Job() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** The newest build, or null. */
    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
