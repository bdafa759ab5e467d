package io.jenkins.plugins.secmlops.report;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.when;

import hudson.FilePath;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mockito.MockedConstruction;
import org.mockito.Mockito;

/**
 * {@link FilePath} mocks over local folders, doing what the real class does for the calls complianceReport makes:
 * {@code child}, {@code act} (runs the callable here), {@code copyRecursiveTo} (copies the tree) and
 * {@code deleteRecursive}. {@code new FilePath(File)} on the controller is a mocked construction of the same kind.
 */
@SuppressWarnings("unchecked")
public final class LocalPaths {
    private LocalPaths() {
    }

    public static FilePath of(Path p, Consumer<Object> crossed) throws Exception {
        FilePath m = Mockito.mock(FilePath.class);
        configure(m, p, crossed);
        return m;
    }

    /** Makes {@code m} (e.g. the workspace mock of the fixtures) behave as the local folder {@code p}. */
    public static void configure(FilePath m, Path p, Consumer<Object> crossed) throws Exception {
        when(m.getRemote()).thenReturn(p.toString());
        when(m.child(anyString())).thenAnswer(inv -> of(p.resolve((String) inv.getArgument(0)), crossed));
        when(m.act(any(FilePath.FileCallable.class))).thenAnswer(inv -> {
            FilePath.FileCallable<?> c = inv.getArgument(0);
            crossed.accept(c);
            Object result = c.invoke(p.toFile(), null);
            crossed.accept(result);
            return result;
        });
        when(m.copyRecursiveTo(any(FilePath.class))).thenAnswer(inv -> copy(p, Path.of(((FilePath) inv.getArgument(0)).getRemote())));
        doAnswer(inv -> {
            delete(p);
            return null;
        }).when(m).deleteRecursive();
    }

    /** {@code new FilePath(File)} made local. */
    public static MockedConstruction<FilePath> constructions(Consumer<Object> crossed) {
        return mockConstruction(FilePath.class, (m, ctx) -> configure(m, ((File) ctx.arguments().get(0)).toPath(), crossed));
    }

    static int copy(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path t = to.resolve(from.relativize(f).toString());
            Files.createDirectories(t.getParent());
            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
        return files.size();
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
