package io.jenkins.plugins.secmlops.report;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The job's SecMLOps trend ({@code /secmlops-trend}; shown on the job page by {@code jobMain.jelly}): robust AP50,
 * drift share and controls satisfied over the last {@value #MAX_BUILDS} builds, read from each build's small
 * {@link TrendSummary} file and drawn as SVG on the server. Created for every job by {@link TrendActionFactory}.
 */
public final class SecMlOpsTrendAction implements Action {
    public static final String URL_NAME = "secmlops-trend";
    static final int MAX_BUILDS = 30;

    private final Job<?, ?> job;

    public SecMlOpsTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public String getIconFileName() {
        return null; // no side-panel link: the chart sits on the job page
    }

    @Override
    public String getDisplayName() {
        return "SecMLOps trend";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** The points, oldest first; builds without a summary are skipped. */
    public List<TrendChart.Point> getPoints() {
        List<TrendChart.Point> points = new ArrayList<>();
        int seen = 0;
        for (Run<?, ?> r = job.getLastBuild(); r != null && seen < MAX_BUILDS; r = r.getPreviousBuild(), seen++) {
            TrendSummary s = TrendSummary.read(r.getRootDir().toPath());
            if (s != null) {
                points.add(new TrendChart.Point(r.getDisplayName(), s));
            }
        }
        Collections.reverse(points);
        return points;
    }

    public boolean isEmpty() {
        return getPoints().isEmpty();
    }

    /** {@code svg}: the chart, served as an image with a policy that forbids scripts. */
    public void doSvg(StaplerResponse2 rsp) throws IOException {
        FileServer.serveText("image/svg+xml;charset=UTF-8", FileServer.IMAGE_CSP, TrendChart.svg(getPoints()), rsp);
    }
}
