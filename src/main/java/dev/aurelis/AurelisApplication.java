package dev.aurelis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Aurelis server: gateway (data plane) and control plane in one process. */
@SpringBootApplication
@EnableScheduling
@Modulithic(systemName = "Aurelis")
public class AurelisApplication {
}
