package dev.aurelis.gateway.edge;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * How many connections Tomcat keeps open at once, sized from the heap unless {@code server.tomcat.max-connections}
 * is set (ADR 0077). Every open connection holds its own read and write buffers whether or not an exchange is
 * admitted on it; Tomcat's default of 8,192 connections took more than half of a 512 MB heap when the gateway fell
 * behind an open-loop load (clients that gave up left their connections behind), on top of the bodies' budget
 * (ADR 0075). One connection per {@link #HEAP_PER_CONNECTION} of heap keeps them to about a tenth of it.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionLimit {

    static final String PROPERTY = "server.tomcat.max-connections";
    static final long HEAP_PER_CONNECTION = 256 * 1024;
    static final int FEWEST = 1_024;
    /** Tomcat's own default: a large heap keeps it. */
    static final int MOST = 8_192;

    /** The connections a heap of {@code maxHeapBytes} holds: one per 256 KiB, from 1,024 to 8,192. */
    static int forHeap(long maxHeapBytes) {
        return (int) Math.clamp(maxHeapBytes / HEAP_PER_CONNECTION, FEWEST, MOST);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatConnectionLimit(Environment environment) {
        return factory -> {
            if (environment.containsProperty(PROPERTY)) {
                return; // the operator's figure
            }
            int limit = forHeap(Runtime.getRuntime().maxMemory());
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setMaxConnections(limit);
                }
            });
        };
    }
}
