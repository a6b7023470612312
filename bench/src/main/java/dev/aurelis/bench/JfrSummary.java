package dev.aurelis.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time goes in a JFR recording: execution samples counted by the method on top of the stack (self),
 * by every method anywhere on the stack (inclusive, each method once per sample), and by code area (the package of
 * the topmost frame, grouped: Aurelis, Spring, Tomcat, Jackson, the JDK's HTTP client, …).
 */
final class JfrSummary {

    private JfrSummary() {
    }

    static void main(Args a) throws IOException {
        Path file = Path.of(a.require("jfr"));
        int top = a.integer("top", 25);
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> area = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.getFirst().getMethod()), 1, Integer::sum);
            area.merge(area(frames.getFirst().getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples in %s%n%n", samples, file.getFileName());
        print("CPU by code area (package of the running method)", area, samples, top);
        print("Self time: the method running when sampled", self, samples, top);
        print("Inclusive time: the method anywhere on the stack", inclusive, samples, top);
        Map<String, Integer> ours = new HashMap<>();
        inclusive.forEach((k, v) -> {
            if (k.startsWith("dev.aurelis.")) {
                ours.put(k, v);
            }
        });
        print("Inclusive time of Aurelis's own methods (which step of the exchange costs what)", ours, samples, top);
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println(title);
        System.out.println("-".repeat(title.length()));
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f %%  %6d  %s%n",
                        100.0 * e.getValue() / Math.max(1, samples), e.getValue(), e.getKey()));
        System.out.println();
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static final List<String[]> AREAS = List.of(
            new String[] {"dev.aurelis.", "Aurelis"},
            new String[] {"org.springframework.", "Spring"},
            new String[] {"org.apache.catalina.", "Tomcat"},
            new String[] {"org.apache.coyote.", "Tomcat"},
            new String[] {"org.apache.tomcat.", "Tomcat"},
            new String[] {"tools.jackson.", "Jackson"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"jdk.internal.net.http.", "JDK HTTP client"},
            new String[] {"java.net.http.", "JDK HTTP client"},
            new String[] {"org.postgresql.", "PostgreSQL driver"},
            new String[] {"com.zaxxer.hikari.", "Hikari pool"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"io.opentelemetry.", "OpenTelemetry"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"sun.nio.", "JDK NIO"},
            new String[] {"java.nio.", "JDK NIO"},
            new String[] {"java.util.concurrent.", "JDK concurrency"},
            new String[] {"java.lang.invoke.", "JDK invoke/reflection"},
            new String[] {"jdk.internal.reflect.", "JDK invoke/reflection"},
            new String[] {"java.lang.reflect.", "JDK invoke/reflection"},
            new String[] {"java.util.", "JDK collections/util"},
            new String[] {"java.lang.", "JDK lang (strings, threads)"},
            new String[] {"javax.crypto.", "JDK crypto"},
            new String[] {"sun.security.", "JDK crypto"},
            new String[] {"com.sun.crypto.", "JDK crypto"});

    private static String area(RecordedMethod m) {
        String type = m.getType().getName();
        for (String[] a : AREAS) {
            if (type.startsWith(a[0])) {
                return a[1];
            }
        }
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }
}
