package dev.aurelis.operations;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;

/**
 * Says how to start Aurelis elsewhere when its port is taken, in Aurelis's own terms ({@code --port},
 * {@code AURELIS_PORT}) rather than Spring's ({@code server.port}). Registered in {@code META-INF/spring.factories};
 * ordered before Spring Boot's own analyzer of the same failure.
 */
@org.springframework.core.annotation.Order(0)
class PortInUseAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        int port = cause.getPort();
        return new FailureAnalysis("Aurelis could not listen on port " + port + ": another program (perhaps another "
                + "Aurelis server) is already using it.",
                "Stop the program that listens on port " + port + ", or start Aurelis on another port: "
                        + "./aurelis serve --port 8081, or set AURELIS_PORT=8081.", cause);
    }
}
