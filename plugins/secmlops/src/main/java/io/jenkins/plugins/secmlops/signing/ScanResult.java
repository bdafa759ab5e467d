package io.jenkins.plugins.secmlops.signing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifact scan that {@code modelSign} ran on the agent before hashing, in JDK types so it crosses the channel
 * inside {@link PreparedModel} (see {@code io.secmlops.signing.ScanSummary}, field for field).
 */
public final class ScanResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int filesScanned;
    private final LinkedHashMap<String, Integer> findings;
    private final ArrayList<String> critical;
    private final ArrayList<String> high;
    private final boolean overridden;
    private final String overrideReason;

    public ScanResult(int filesScanned, Map<String, Integer> findings, List<String> critical, List<String> high,
                      boolean overridden, String overrideReason) {
        this.filesScanned = filesScanned;
        this.findings = new LinkedHashMap<>(findings);
        this.critical = new ArrayList<>(critical);
        this.high = new ArrayList<>(high);
        this.overridden = overridden;
        this.overrideReason = overrideReason;
    }

    public int filesScanned() {
        return filesScanned;
    }

    public Map<String, Integer> findings() {
        return Collections.unmodifiableMap(findings);
    }

    public List<String> critical() {
        return Collections.unmodifiableList(critical);
    }

    public List<String> high() {
        return Collections.unmodifiableList(high);
    }

    public boolean overridden() {
        return overridden;
    }

    public String overrideReason() {
        return overrideReason;
    }
}
