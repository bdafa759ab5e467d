package io.jenkins.plugins.secmlops.report;

import hudson.model.Run;
import io.jenkins.plugins.secmlops.evidence.EvidenceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The build's compliance report page ({@code /secmlops-report}) and its summary on the build page. It keeps only
 * small fields (saved in build.xml): per report the folder, verdict, control counts and the step verdicts. Everything
 * large (controls, sections, images, the HTML report) is read from the files beside the build when a page is drawn or
 * a file is requested, and streamed.
 */
public final class ComplianceReportAction implements RunAction2 {
    public static final String URL_NAME = "secmlops-report";
    private static final Object LOCK = new Object();
    static final int MAX_STEPS = 50;

    private final List<Entry> entries = new ArrayList<>();
    private transient Run<?, ?> run;

    ComplianceReportAction(Run<?, ?> run) {
        this.run = run;
    }

    /** Records one report of the build, adding the action on the first. */
    public static void add(Run<?, ?> run, Entry entry) {
        synchronized (LOCK) {
            ComplianceReportAction a = run.getAction(ComplianceReportAction.class);
            if (a == null) {
                a = new ComplianceReportAction(run);
                a.entries.add(entry);
                run.addAction(a);
            } else {
                synchronized (a.entries) {
                    a.entries.add(entry);
                }
            }
        }
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "SecMLOps compliance report";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public List<Entry> getEntries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The newest report, for the build page's summary. */
    public Entry getLatest() {
        List<Entry> all = getEntries();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** The detail of every report, read from report.json beside the build now (never kept). */
    public List<ReportView> getReports() {
        List<ReportView> out = new ArrayList<>();
        if (run == null) {
            return out;
        }
        EvidenceStore store = EvidenceStore.of(run);
        for (Entry e : getEntries()) {
            out.add(ReportView.read(store.root(), e));
        }
        return out;
    }

    /**
     * {@code file/<folder>/<file>}: one stored evidence file, streamed with a restrictive Content-Security-Policy
     * ({@link FileServer}); {@code ?download=true} sends it as an attachment. The HTML report's relative links to the
     * evidence folders resolve here too.
     */
    public void doFile(StaplerRequest2 req, StaplerResponse2 rsp, @QueryParameter("download") boolean download)
            throws IOException {
        if (run == null) {
            rsp.sendError(404);
            return;
        }
        FileServer.serve(EvidenceStore.of(run).root(), req.getRestOfPath(), download, rsp);
    }

    /** One report of the build, in a few small fields. */
    public static final class Entry {
        private final String folder;
        private final String name;
        private final String verdict;
        private final int satisfied;
        private final int partly;
        private final int notSatisfied;
        private final int notAssessed;
        private final int records;
        private final String signedWith;
        private final List<StepVerdict> steps;

        @SuppressWarnings("checkstyle:ParameterNumber")
        public Entry(String folder, String name, String verdict, int satisfied, int partly, int notSatisfied,
                     int notAssessed, int records, String signedWith, List<StepVerdict> steps) {
            this.folder = folder;
            this.name = name;
            this.verdict = verdict;
            this.satisfied = satisfied;
            this.partly = partly;
            this.notSatisfied = notSatisfied;
            this.notAssessed = notAssessed;
            this.records = records;
            this.signedWith = signedWith;
            this.steps = new ArrayList<>(steps.subList(0, Math.min(steps.size(), MAX_STEPS)));
        }

        public String getFolder() {
            return folder;
        }

        public String getName() {
            return name;
        }

        public String getVerdict() {
            return verdict;
        }

        public int getSatisfied() {
            return satisfied;
        }

        public int getPartly() {
            return partly;
        }

        public int getNotSatisfied() {
            return notSatisfied;
        }

        public int getNotAssessed() {
            return notAssessed;
        }

        public int getRecords() {
            return records;
        }

        /** The credential id that signed the report on the controller, or null. */
        public String getSignedWith() {
            return signedWith;
        }

        public List<StepVerdict> getSteps() {
            return List.copyOf(steps);
        }

        public int getTotal() {
            return satisfied + partly + notSatisfied + notAssessed;
        }
    }

    /** A step's gate verdict as the report saw it. */
    public static final class StepVerdict {
        private final String kind;
        private final String name;
        private final String verdict;

        public StepVerdict(String kind, String name, String verdict) {
            this.kind = kind;
            this.name = name;
            this.verdict = verdict;
        }

        public String getKind() {
            return kind;
        }

        public String getName() {
            return name;
        }

        public String getVerdict() {
            return verdict;
        }
    }
}
