package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Compile-only declaration of Stapler's {@code org.kohsuke.stapler.StaplerRequest2} (the Jakarta servlet request of
 * Jenkins 2.475 and later). Only the member the plugin calls is declared.
 */
public interface StaplerRequest2 extends HttpServletRequest {
    /** The part of the URL not yet dispatched, e.g. {@code /001-modelSign-pds/evidence.json}; never null. */
    String getRestOfPath();
}
