package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Compile-only declaration of Stapler's {@code org.kohsuke.stapler.StaplerResponse2}. The plugin uses only the servlet
 * methods it inherits ({@code setContentType}, {@code setHeader}, {@code getOutputStream}, {@code sendError}), so none of
 * Stapler's own members is declared.
 */
public interface StaplerResponse2 extends HttpServletResponse {
}
