package dev.aurelis.storage.background;

import dev.aurelis.storage.BackgroundWork;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The two schedulers (ADR 0099): the default one, as Spring Boot makes it with virtual threads (fixed-delay jobs in
 * turn on its one scheduler thread, the others on a thread each), for work the gateway's answers depend on; and
 * {@link BackgroundWork#SCHEDULER}, a few platform threads whose nice value is raised above the process's own, for
 * bulk work that follows the gateway. A virtual thread shares its carrier with the exchanges' threads and runs until
 * it blocks, so a page of the audit trail's hashing held every request behind it; a platform thread at a higher nice
 * value is one the kernel sets aside whenever a request's thread wants the core.
 */
@Configuration(proxyBeanMethods = false)
class BackgroundScheduling {

    private static final Logger log = LoggerFactory.getLogger(BackgroundScheduling.class);
    /** Enough threads that a long backup or retention run never holds back the trail's recording. */
    static final int THREADS = 6;

    @Bean(name = "taskScheduler")
    @Primary
    SimpleAsyncTaskScheduler taskScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
        return builder.build();
    }

    @Bean(name = BackgroundWork.SCHEDULER)
    ThreadPoolTaskScheduler backgroundWorkScheduler(@Value("${aurelis.background.niceness:10}") String setting) {
        int niceness = niceness(setting);
        if (niceness == 0) {
            log.info("Background work runs at the gateway's own priority (aurelis.background.niceness is 0)");
        } else if (ThreadNiceness.unavailable().isPresent()) {
            log.info("Background work runs at the gateway's own priority: {}", ThreadNiceness.unavailable().get());
        } else {
            log.info("Background work runs on its own threads {} steps of nice below the gateway's priority "
                    + "(aurelis.background.niceness)", niceness);
        }
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(THREADS);
        scheduler.setThreadFactory(new LowPriorityThreads(niceness));
        return scheduler;
    }

    /** The setting as steps of nice, or a start stopped with the reason: read here so the message names the key. */
    static int niceness(String setting) {
        int niceness;
        try {
            niceness = Integer.parseInt(setting.trim());
        } catch (NumberFormatException e) {
            niceness = -1;
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("aurelis.background.niceness must be a whole number between 0 (the "
                    + "gateway's own priority) and 19 (the lowest below it); it is " + setting);
        }
        return niceness;
    }

    /** Names its threads and has each lower its own priority before it takes any work. */
    static final class LowPriorityThreads implements ThreadFactory {

        private final AtomicInteger made = new AtomicInteger();
        private final int niceness;

        LowPriorityThreads(int niceness) {
            this.niceness = niceness;
        }

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(() -> {
                if (niceness > 0) {
                    ThreadNiceness.raise(niceness);
                }
                work.run();
            }, "background-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
