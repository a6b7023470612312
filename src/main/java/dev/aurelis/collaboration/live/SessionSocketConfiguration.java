package dev.aurelis.collaboration.live;

import dev.aurelis.collaboration.Sessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the sessions' socket. Browsers may connect from Aurelis's own origin only (Spring's default), so a page
 * elsewhere cannot ride on a signed-in person's session cookie; clients that send no Origin (CLIs, SDKs) are let
 * through to the key check.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class SessionSocketConfiguration {

    @Bean
    SessionSocket sessionSocket(Sessions sessions, SessionHub hub, JsonMapper json) {
        return new SessionSocket(sessions, hub, json);
    }

    @Bean
    WebSocketConfigurer sessionSocketRegistration(SessionSocket socket) {
        return registry -> registry.addHandler(socket, SessionSocket.PATH).addInterceptors(socket);
    }
}
