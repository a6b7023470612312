package dev.aurelis.workflows.execution;

import java.util.List;

/** The words a run's result is shown in on a code host: the summary comment, the check's title and a finding. */
public final class ResultText {

    private ResultText() {
    }

    /** The hidden marker that identifies a workflow's summary comment on a pull request. */
    public static String marker(String workflow) {
        return "<!-- aurelis-workflow:" + workflow + " -->";
    }

    public static String title(RunResult result) {
        int blocking = result.blockingFindings().size();
        int all = result.findings().size();
        return switch (result.conclusion()) {
            case "failure" -> blocking > 0 ? blocking + " blocking finding" + (blocking == 1 ? "" : "s")
                    : "A blocking step could not complete";
            case "neutral" -> all + " finding" + (all == 1 ? "" : "s") + ", none blocking";
            default -> "No findings";
        };
    }

    /** The summary comment: the verdict, a table of the steps, the summary and the findings. */
    public static String summaryComment(Run run, RunResult result) {
        StringBuilder text = new StringBuilder(marker(run.workflow())).append('\n');
        text.append("## Aurelis review: ").append(run.workflow()).append("\n\n");
        text.append("**").append(verdict(result)).append("** for ").append(shortSha(run.headSha())).append("\n\n");
        text.append("| step | model | blocking | result |\n|---|---|---|---|\n");
        for (RunResult.StepResult step : result.steps()) {
            text.append("| ").append(step.name()).append(" | ").append(who(step)).append(" | ")
                    .append(step.blocking() ? "yes (" + step.threshold() + " and above)" : "no").append(" | ")
                    .append(stepResult(step)).append(" |\n");
        }
        if (result.summary() != null) {
            text.append("\n### Summary\n\n").append(result.summary()).append('\n');
        }
        if (!result.findings().isEmpty()) {
            text.append("\n### Findings\n\n");
            for (Finding finding : result.findings()) {
                text.append("- ").append(line(finding)).append('\n');
            }
        }
        return text.toString();
    }

    /** The check run's details: the steps and every finding. */
    public static String details(RunResult result) {
        StringBuilder text = new StringBuilder();
        for (RunResult.StepResult step : result.steps()) {
            text.append("- **").append(step.name()).append("** (").append(who(step)).append("): ")
                    .append(stepResult(step)).append('\n');
        }
        List<Finding> findings = result.findings();
        if (!findings.isEmpty()) {
            text.append("\n");
            findings.forEach(f -> text.append("- ").append(line(f)).append('\n'));
        }
        return text.toString();
    }

    /** One finding as a review comment. */
    public static String comment(Finding finding) {
        return "**" + finding.severity().label() + "** (" + finding.step() + ")"
                + (finding.title() == null ? "" : ": " + finding.title()) + "\n\n" + finding.message();
    }

    private static String verdict(RunResult result) {
        return switch (result.conclusion()) {
            case "failure" -> "Blocked: " + title(result);
            case "neutral" -> "Passed with notes: " + title(result);
            default -> "Passed: no findings";
        };
    }

    /** The model a step used, or "people" for an approval. */
    private static String who(RunResult.StepResult step) {
        return step.approval() ? "people" : step.model();
    }

    private static String stepResult(RunResult.StepResult step) {
        if (step.approval()) {
            return step.error() != null ? "not approved: " + step.error().replace('|', '/').replace('\n', ' ')
                    : step.summary();
        }
        if (step.error() != null) {
            return "could not complete: " + step.error().replace('|', '/').replace('\n', ' ');
        }
        if (step.summary() != null) {
            return "summary below";
        }
        int blocking = step.blockingFindings().size();
        return step.findings().size() + " finding" + (step.findings().size() == 1 ? "" : "s")
                + (blocking > 0 ? ", " + blocking + " blocking" : "");
    }

    private static String line(Finding finding) {
        String where = finding.file() == null ? "" : "`" + finding.file() + (finding.line() > 0 ? ":" + finding.line() : "") + "` ";
        return where + "**" + finding.severity().label() + "** (" + finding.step() + ")"
                + (finding.title() == null ? "" : " " + finding.title()) + ": " + finding.message().replace('\n', ' ');
    }

    private static String shortSha(String sha) {
        return sha == null ? "the change" : "`" + sha.substring(0, Math.min(7, sha.length())) + "`";
    }
}
