package dev.aurelis.workflows.execution;

import java.util.List;

/** A run as a list shows it: the run, how many findings its steps reported, and every gateway exchange it made. */
record ListedRun(Run run, int findings, List<String> requestIds) {
}
