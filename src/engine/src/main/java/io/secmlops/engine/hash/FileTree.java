package io.secmlops.engine.hash;

import io.secmlops.engine.SecMlOpsException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Lists the regular files of a tree, sorted by code point, refusing what cannot be hashed faithfully:
 * links that leave the root or loop, special files, unreadable files and names that are not valid UTF-8.
 */
public final class FileTree {
    private final Path root;
    private final Path realRoot;
    private final WalkOptions options;
    private final List<PathMatcher> globs = new ArrayList<>();
    private static final boolean UTF8_NAMES = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private FileTree(Path root, Path realRoot, WalkOptions options) {
        this.root = root;
        this.realRoot = realRoot;
        this.options = options;
        for (String glob : options.ignoreGlobs()) {
            globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            // As in .gitignore, a leading "**/" also matches at the top level ("**/*.tmp" matches "a.tmp").
            if (glob.startsWith("**/")) {
                globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
    }

    /**
     * Lists {@code root}, a folder or a single regular file. A single file is listed under its own name.
     *
     * @param what what the tree is ("dataset", "model"), for messages
     */
    public static List<FileEntry> list(Path root, WalkOptions options, String what) throws SecMlOpsException {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new SecMlOpsException("The " + what + " '" + root + "' cannot be read: " + e.getMessage() + ".",
                    "check that the path exists and is readable.", e);
        }
        FileTree tree = new FileTree(root, realRoot, options);
        List<FileEntry> found = new ArrayList<>();
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            tree.walk(what).flattenInto(found);
        } else if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
            found.add(entry(root.getFileName().toString(), root, readAttributes(root, false, what), what));
        } else if (Files.isSymbolicLink(root)) {
            throw new SecMlOpsException("The " + what + " path '" + root + "' is itself a symbolic link.",
                    "point the step at the real folder.");
        } else {
            throw new SecMlOpsException("The " + what + " path '" + root + "' is neither a folder nor a regular file.",
                    "point the step at a folder or a file.");
        }
        return Collections.unmodifiableList(found);
    }

    /** A folder to list: where it is, its name in the tree, its real path and those of the folders above it. */
    private record Dir(Path path, String rel, Path real, Set<Path> ancestors) {
    }

    /** Carries a user-facing error out of a fork-join task. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(SecMlOpsException cause) {
            super(cause);
        }
    }

    /**
     * Lists folders in parallel: listing ten thousand files is otherwise the larger part of an unchanged re-run.
     * Twice as many threads as cores (at most 16), because most of the time goes to one file-status call per file,
     * which on a network file system is mostly waiting.
     */
    private ListDir walk(String what) throws SecMlOpsException {
        ForkJoinPool pool = new ForkJoinPool(Math.min(16, Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
        try {
            ListDir top = new ListDir(new Dir(root, "", realRoot, Set.of(realRoot)), what);
            pool.invoke(top);
            return top;
        } catch (Failure f) {
            throw (SecMlOpsException) f.getCause();
        } finally {
            pool.shutdown();
        }
    }

    private final class ListDir extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Dir dir;
        private final String what;
        /** This folder's files ({@link FileEntry}) and sub-folders ({@link ListDir}), in the order of their paths. */
        private final transient List<Object> children = new ArrayList<>();

        ListDir(Dir dir, String what) {
            this.dir = dir;
            this.what = what;
        }

        @Override
        protected void compute() {
            try {
                invokeAll(list(dir, what, children));
            } catch (SecMlOpsException e) {
                throw new Failure(e);
            }
        }

        void flattenInto(List<FileEntry> out) {
            for (Object child : children) {
                if (child instanceof ListDir sub) {
                    sub.flattenInto(out);
                } else {
                    out.add((FileEntry) child);
                }
            }
        }
    }

    private record Child(String name, Path path) {
    }

    /**
     * A file or sub-folder with the key that puts it in code-point order of full paths: a folder sorts as its name
     * followed by '/', since every path below it starts so ("a.txt" comes before "a/b", "a-b/c" before "a/c").
     * Listing in this order leaves nothing to sort afterwards.
     */
    private record Sorted(String key, Object item) {
    }

    private List<ListDir> list(Dir dir, String what, List<Object> out) throws SecMlOpsException {
        List<ListDir> subdirs = new ArrayList<>();
        List<Sorted> items = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.path())) {
            for (Path child : stream) {
                children.add(new Child(child.getFileName().toString(), child));
            }
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot list folder '" + describe(dir.rel()) + "' of the " + what + ": " + e + ".",
                    "make the folder readable by the user running the build.", e);
        }
        // checked in name order, so that the first problem reported does not depend on the order the folder lists in
        children.sort((a, b) -> CodePointOrder.INSTANCE.compare(a.name(), b.name()));
        for (Child c : children) {
            Path child = c.path();
            String name = c.name();
            String rel = dir.rel().isEmpty() ? name : dir.rel() + "/" + name;
            checkName(name, dir.rel(), what);
            if (isIgnored(rel, child)) {
                continue;
            }
            BasicFileAttributes attrs = readAttributes(child, false, rel);
            if ((attrs.isDirectory() || attrs.isSymbolicLink())
                    && options.excludedDirs().contains(child.toAbsolutePath().normalize())) {
                continue;  // our own output and cache folders, even when they are links elsewhere
            }
            Path target = child;
            if (attrs.isSymbolicLink()) {
                target = followLink(child, rel, what);
                attrs = readAttributes(target, true, rel);
            }
            if (attrs.isDirectory()) {
                // a link's target is already resolved; a plain folder's real path follows from its parent's
                Path real = target == child ? dir.real().resolve(name) : target;
                if (dir.ancestors().contains(real)) {
                    throw new SecMlOpsException("Symbolic link cycle in the " + what + ": '" + rel + "' leads back to '"
                            + realRoot.relativize(real) + "'.", "remove the link that points to its own parent folder.");
                }
                Set<Path> ancestors = new HashSet<>(dir.ancestors());
                ancestors.add(real);
                ListDir sub = new ListDir(new Dir(target, rel, real, ancestors), what);
                subdirs.add(sub);
                items.add(new Sorted(name + "/", sub));
            } else {
                items.add(new Sorted(name, entry(rel, target, attrs, what)));
            }
        }
        if (!subdirs.isEmpty()) {  // with files only, the keys are the names, already in order
            items.sort((a, b) -> CodePointOrder.INSTANCE.compare(a.key(), b.key()));
        }
        for (Sorted item : items) {
            out.add(item.item());
        }
        return subdirs;
    }

    private static FileEntry entry(String rel, Path file, BasicFileAttributes attrs, String what) throws SecMlOpsException {
        if (!attrs.isRegularFile()) {
            throw new SecMlOpsException("'" + rel + "' in the " + what + " is not a regular file (a device, socket or pipe).",
                    "remove it or add it to the ignore list.");
        }
        // Readability is not checked here (one more system call per file): the hasher names an unreadable file
        // when it opens it, and verification opens every file.
        Object key = attrs.fileKey();
        return new FileEntry(rel, file, attrs.size(), attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                key == null ? null : key.toString());
    }

    private Path followLink(Path link, String rel, String what) throws SecMlOpsException {
        if (!options.allowSymlinks()) {
            throw new SecMlOpsException("'" + rel + "' in the " + what + " is a symbolic link; links are refused by default.",
                    "replace the link by the file itself, or allow symbolic links (allowSymlinks: true) if it points inside the "
                            + what + ".");
        }
        Path real = realPath(link, rel);
        if (!real.startsWith(realRoot)) {
            throw new SecMlOpsException("Symbolic link '" + rel + "' in the " + what + " points outside it (to " + real + ").",
                    "copy the target into the " + what + " or remove the link.");
        }
        return real;
    }

    private static Path realPath(Path p, String rel) throws SecMlOpsException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new SecMlOpsException("'" + rel + "' cannot be resolved (dangling symbolic link?): " + e + ".",
                    "remove the broken link.", e);
        }
    }

    private static BasicFileAttributes readAttributes(Path p, boolean follow, String rel) throws SecMlOpsException {
        try {
            return follow ? Files.readAttributes(p, BasicFileAttributes.class)
                    : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the attributes of '" + rel + "': " + e + ".",
                    "make it readable by the user running the build.", e);
        }
    }

    private boolean isIgnored(String rel, Path child) {
        for (String p : options.ignorePaths()) {
            if (rel.equals(p) || rel.startsWith(p.endsWith("/") ? p : p + "/")) {
                return true;
            }
        }
        if (!globs.isEmpty()) {
            Path relPath = Path.of(rel);
            for (PathMatcher m : globs) {
                if (m.matches(relPath)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The JVM decodes file names with the platform encoding; bytes that are not valid UTF-8 become U+FFFD,
     * so such a name cannot be recorded faithfully. A JVM without a UTF-8 locale cannot decode any non-ASCII name.
     */
    private static void checkName(String name, String parentRel, String what) throws SecMlOpsException {
        if (name.indexOf('\uFFFD') >= 0) {
            throw new SecMlOpsException("A file name in folder '" + describe(parentRel) + "' of the " + what
                    + " is not valid UTF-8 (shown as '" + name + "').", "rename the file with a UTF-8 name.");
        }
        if (!UTF8_NAMES) {
            for (int i = 0; i < name.length(); i++) {
                if (name.charAt(i) > 127 || name.charAt(i) == '?') {
                    throw new SecMlOpsException("The file name '" + name + "' in folder '" + describe(parentRel)
                            + "' cannot be decoded: this JVM reads file names as " + System.getProperty("sun.jnu.encoding") + ".",
                            "start the Java process (Jenkins agent or CLI) with a UTF-8 locale, e.g. LANG=C.UTF-8.");
                }
            }
        }
    }

    private static String describe(String rel) {
        return rel.isEmpty() ? "." : rel;
    }
}
