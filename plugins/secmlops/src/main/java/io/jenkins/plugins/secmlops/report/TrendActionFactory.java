package io.jenkins.plugins.secmlops.report;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Gives every job (Pipeline jobs included) its {@link SecMlOpsTrendAction} once one of its recent builds has a
 * {@link TrendSummary}. Called often, so it looks at a few builds' summary files only.
 */
@Extension
@SuppressWarnings("rawtypes") // Job is generic; the factory is for every kind of job
public final class TrendActionFactory extends TransientActionFactory<Job> {
    static final int LOOK_BACK = 5;

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Collection<? extends Action> createFor(Job target) {
        Run<?, ?> r = target.getLastBuild();
        for (int i = 0; r != null && i < LOOK_BACK; i++, r = r.getPreviousBuild()) {
            if (java.nio.file.Files.isRegularFile(r.getRootDir().toPath().resolve(TrendSummary.FILE))) {
                return List.of(new SecMlOpsTrendAction((Job<?, ?>) target));
            }
        }
        return List.of();
    }
}
