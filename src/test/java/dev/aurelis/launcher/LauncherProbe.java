package dev.aurelis.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/** Started by the launcher in {@link LauncherDefaultsTests} in place of Aurelis: prints what the JVM was given. */
public final class LauncherProbe {

    private LauncherProbe() {
    }

    public static void main(String[] args) {
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(","));
        System.out.println("heap=" + Runtime.getRuntime().maxMemory());
        System.out.println("collectors=" + collectors);
        System.out.println("gcTimeRatio=" + ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("GCTimeRatio").getValue());
    }
}
