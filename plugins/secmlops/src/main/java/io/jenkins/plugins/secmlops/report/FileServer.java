package io.jenkins.plugins.secmlops.report;

import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Serves one stored evidence file ({@code <folder>/<file>}) from the files beside the build, streamed, never read
 * into memory. Every response carries {@code X-Content-Type-Options: nosniff} and a Content-Security-Policy without
 * scripts: the self-contained HTML report gets its inline styles and data-URI images and nothing else; SVG is
 * sandboxed; other files are plain text or a download.
 */
public final class FileServer {
    /** For the HTML report: no script, no network, inline styles and embedded images only, sandboxed. */
    public static final String HTML_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "form-action 'none'; frame-ancestors 'self'";
    /** For SVG and PNG images. */
    public static final String IMAGE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'";

    private FileServer() {
    }

    /**
     * The file {@code restOfPath} (e.g. {@code /003-complianceReport-compliance/report.html}) below {@code root}, or
     * null when it is not exactly one stored folder and one plain file name, or not a regular file.
     */
    public static Path resolve(Path root, String restOfPath) {
        if (restOfPath == null) {
            return null;
        }
        String[] parts = restOfPath.replaceFirst("^/", "").split("/", -1);
        if (parts.length != 2 || !EvidenceStore.isSafeName(parts[0]) || !EvidenceStore.isSafeName(parts[1])) {
            return null;
        }
        Path dir = root.resolve(parts[0]);
        Path f = dir.resolve(parts[1]);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return f;
    }

    /** How a file is served: its content type and policy; null policy means as a download. */
    public record Kind(String contentType, String csp, boolean download) {
    }

    public static Kind kindOf(String file, boolean download) {
        String f = file.toLowerCase(Locale.ROOT);
        if (download) {
            return new Kind("application/octet-stream", HTML_CSP, true);
        }
        if (f.endsWith(".html")) {
            return new Kind("text/html;charset=UTF-8", HTML_CSP, false);
        }
        if (f.endsWith(".svg")) {
            return new Kind("image/svg+xml", IMAGE_CSP, false);
        }
        if (f.endsWith(".png")) {
            return new Kind("image/png", IMAGE_CSP, false);
        }
        if (f.endsWith(".json") || f.endsWith(".sarif") || f.endsWith(".xml") || f.endsWith(".txt") || f.endsWith(".csv")) {
            return new Kind("text/plain;charset=UTF-8", HTML_CSP, false); // shown as text, never interpreted
        }
        return new Kind("application/octet-stream", HTML_CSP, true);
    }

    public static void serve(Path root, String restOfPath, boolean download, StaplerResponse2 rsp) throws IOException {
        Path f = resolve(root, restOfPath);
        if (f == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String name = f.getFileName().toString();
        Kind kind = kindOf(name, download);
        rsp.setContentType(kind.contentType());
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Content-Security-Policy", kind.csp());
        rsp.setHeader("X-Content-Security-Policy", kind.csp());
        if (kind.download()) {
            rsp.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\""); // a plain name: no quoting needed
        }
        rsp.setContentLengthLong(Files.size(f));
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS); OutputStream out = rsp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    public static void serveText(String contentType, String csp, byte[] body, StaplerResponse2 rsp) throws IOException {
        rsp.setContentType(contentType);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Content-Security-Policy", csp);
        rsp.setContentLength(body.length);
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(body);
        }
    }
}
