package hudson;

import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Compile-only declaration of Jenkins core's {@code hudson.FilePath}: a file or folder on the controller or an agent.
 * Both {@code act} overloads are declared so that the compiler picks between them as it would against the real class.
 */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    private FilePath() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** A path on the controller (local to the JVM that creates it). */
    public FilePath(File localPath) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** The path on its machine. */
    public String getRemote() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** {@code relOrAbsolute} resolved against this path, on the same channel. */
    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** The Unix permission bits, or -1 on Windows. */
    public int mode() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Deletes this file or folder and everything below it. */
    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /**
     * Copies this folder's contents ({@code **}{@code /*}, default excludes applied) into {@code target}, possibly on
     * another machine; the overloads with a file mask are not used.
     *
     * @return the number of files copied
     */
    public int copyRecursiveTo(FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Runs the callable where the file is: on the agent for a remote path. */
    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Code that runs on the machine where the {@link FilePath} is local. */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
