package dev.aurelis.storage.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aurelis.storage.BackgroundWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Background work runs on its own platform threads at the configured nice value, while the rest of the scheduled
 * work keeps the default scheduler's virtual threads at the gateway's own priority; and the bulk jobs name the
 * background scheduler.
 */
class BackgroundSchedulingTests {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
            .withPropertyValues("spring.threads.virtual.enabled=true")
            .withUserConfiguration(BackgroundScheduling.class, Jobs.class);

    @Test
    void backgroundWorkRunsOnPlatformThreadsAtTheConfiguredNiceValueAndTheRestOnVirtualThreads() {
        assumeTrue(linux(), "the nice value is per thread only on Linux");
        app.withPropertyValues("aurelis.background.niceness=13").run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            Ran background = jobs.background.get(30, TimeUnit.SECONDS);
            Ran foreground = jobs.foreground.get(30, TimeUnit.SECONDS);
            assertThat(background.thread()).startsWith("background-");
            assertThat(background.virtual()).isFalse();
            assertThat(background.niceness()).isEqualTo(Math.min(19, niceOfThisThread() + 13));
            assertThat(foreground.virtual()).isTrue();
            assertThat(foreground.niceness()).isEqualTo(niceOfThisThread());
        });
    }

    @Test
    void aNicenessOfZeroLeavesTheBackgroundThreadsAtTheGatewaysPriority() {
        assumeTrue(linux(), "the nice value is per thread only on Linux");
        app.withPropertyValues("aurelis.background.niceness=0").run(context -> {
            Ran background = context.getBean(Jobs.class).background.get(30, TimeUnit.SECONDS);
            assertThat(background.thread()).startsWith("background-");
            assertThat(background.niceness()).isEqualTo(niceOfThisThread());
        });
    }

    @Test
    void aNicenessOutsideTheSystemsRangeStopsTheStartWithTheReason() {
        app.withPropertyValues("aurelis.background.niceness=20").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("aurelis.background.niceness must be a whole number between 0")
                    .hasMessageContaining("it is 20");
        });
        assertThatThrownBy(() -> new BackgroundScheduling().backgroundWorkScheduler("-1"))
                .hasMessageContaining("it is -1");
    }

    @Test
    void aNicenessThatIsNoWholeNumberStopsTheStartNamingTheKey() {
        for (String bad : List.of("high", "2.5", "")) {
            app.withPropertyValues("aurelis.background.niceness=" + bad).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("aurelis.background.niceness must be a whole number")
                        .hasMessageEndingWith("it is " + bad);
            });
        }
        assertThat(BackgroundScheduling.niceness(" 7 ")).isEqualTo(7);
    }

    @Test
    void theCallingThreadsNiceValueRisesByTheStepsFromWhereItWasAndNoOtherThreadsDoes() throws Exception {
        assumeTrue(linux(), "the nice value is per thread only on Linux");
        assertThat(ThreadNiceness.unavailable()).isEmpty();
        int mine = niceOfThisThread();
        CompletableFuture<List<Integer>> steps = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            ThreadNiceness.raise(3);
            int once = niceOfThisThread();
            ThreadNiceness.raise(4);
            int twice = niceOfThisThread();
            ThreadNiceness.raise(19);
            steps.complete(List.of(once, twice, niceOfThisThread()));
        });
        assertThat(steps.get(30, TimeUnit.SECONDS))
                .containsExactly(Math.min(19, mine + 3), Math.min(19, mine + 7), 19);
        assertThat(niceOfThisThread()).isEqualTo(mine);
    }

    @Test
    void theBulkJobsNameTheBackgroundScheduler() throws Exception {
        List<String> jobs = List.of("dev.aurelis.audit.AuditJobs", "dev.aurelis.audit.monitoring.MonitoringJob",
                "dev.aurelis.audit.stream.StreamingJob", "dev.aurelis.audit.intake.AccessReview",
                "dev.aurelis.analytics.RollupJob", "dev.aurelis.alerting.rules.Evaluator",
                "dev.aurelis.operations.backup.BackupSchedule", "dev.aurelis.privacy.retention.RetentionJob",
                "dev.aurelis.compliance.ComplianceChecks");
        for (String job : jobs) {
            List<Scheduled> schedules = Arrays.stream(Class.forName(job).getDeclaredMethods())
                    .map(m -> m.getAnnotation(Scheduled.class)).filter(Objects::nonNull).toList();
            assertThat(schedules).as(job).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.scheduler()).as(job).isEqualTo(BackgroundWork.SCHEDULER));
        }
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** The nice value of the calling thread's kernel thread (the carrier's, for a virtual thread). */
    static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]); // field 19 of proc(5); the fields here start at field 3
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a scheduled run ran. */
    record Ran(String thread, boolean virtual, int niceness) {

        static Ran here() {
            Thread t = Thread.currentThread();
            return new Ran(t.getName(), t.isVirtual(), niceOfThisThread());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Jobs {

        final CompletableFuture<Ran> background = new CompletableFuture<>();
        final CompletableFuture<Ran> foreground = new CompletableFuture<>();

        @Scheduled(scheduler = BackgroundWork.SCHEDULER, fixedDelay = 50)
        void inTheBackground() {
            background.complete(Ran.here());
        }

        @Scheduled(fixedDelay = 50)
        void inTheForeground() {
            foreground.complete(Ran.here());
        }
    }
}
