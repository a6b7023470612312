package dev.aurelis.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aurelis.AurelisApplication;
import dev.aurelis.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A taken port stops start-up with a message in Aurelis's terms: --port and AURELIS_PORT. */
@ExtendWith(OutputCaptureExtension.class)
class PortInUseTests {

    @Test
    void aTakenPortIsReportedWithTheWaysToChooseAnother(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            String database = TestDatabase.createDatabase("aurelis_port_in_use_" + ProcessHandle.current().pid());
            Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(AurelisApplication.class).run(
                    "--server.port=" + taken.getLocalPort(), "--aurelis.db.url=" + database, "--aurelis.db.user=postgres",
                    "--aurelis.db.password=", "--aurelis.db.pool-size=2", "--aurelis.config=",
                    "--aurelis.data-dir=" + java.nio.file.Files.createTempDirectory("aurelis-port")).close());

            assertThat(failure).isNotNull();
            assertThat(output).contains("could not listen on port " + taken.getLocalPort())
                    .contains("AURELIS_PORT=8081").contains("--port 8081");
        }
    }
}
