package hudson.model;

import hudson.ExtensionPoint;
import java.io.File;

/**
 * Compile-only declaration of Jenkins core's {@code hudson.model.Run}. The bounds of the type variables match upstream,
 * so {@code getPreviousSuccessfulBuild()} erases to {@code Run}, as in the real class.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint {
    private Run() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** The build's display name, {@code #7} unless a user or plugin set another. */
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void setResult(Result r) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public RunT getPreviousSuccessfulBuild() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
