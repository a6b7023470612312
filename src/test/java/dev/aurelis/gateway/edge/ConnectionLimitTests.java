package dev.aurelis.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.testing.GatewayTestBase;
import org.apache.coyote.AbstractProtocol;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** Open connections are bounded by the heap (ADR 0077). */
class ConnectionLimitTests extends GatewayTestBase {

    private static final long MB = 1024 * 1024;

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void allowsOneConnectionPer256KibOfHeap() {
        assertThat(ConnectionLimit.forHeap(512 * MB)).isEqualTo(2_048);
        assertThat(ConnectionLimit.forHeap(1024 * MB)).isEqualTo(4_096);
    }

    @Test
    void neverFewerThan1024NorMoreThanTomcatsDefault() {
        assertThat(ConnectionLimit.forHeap(64 * MB)).isEqualTo(1_024);
        assertThat(ConnectionLimit.forHeap(16 * 1024 * MB)).isEqualTo(8_192);
        assertThat(ConnectionLimit.forHeap(Long.MAX_VALUE)).isEqualTo(8_192);
    }

    @Test
    void theRunningServerTakesTheLimitOfItsHeap() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections())
                .isEqualTo(ConnectionLimit.forHeap(Runtime.getRuntime().maxMemory()));
    }
}
