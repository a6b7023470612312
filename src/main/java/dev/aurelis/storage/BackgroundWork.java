package dev.aurelis.storage;

/**
 * The scheduler for bulk work that follows the gateway rather than serves it (the audit trail's recording, the
 * analytics rollups, alert evaluation, streaming to a SIEM, backups, retention): name it in
 * {@code @Scheduled(scheduler = BackgroundWork.SCHEDULER, ...)}. Its platform threads ask the operating system for a
 * lower priority ({@code aurelis.background.niceness}, ADR 0099), so on a busy core a request waiting for the CPU goes
 * before this work instead of behind a few milliseconds of it. Work the gateway's answers depend on (deadlines, the
 * key, budget and consent caches) stays on the default scheduler.
 */
public final class BackgroundWork {

    /** The bean name of the background scheduler. */
    public static final String SCHEDULER = "backgroundWorkScheduler";

    private BackgroundWork() {
    }
}
