package dev.aurelis.privacy.erasure;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With {@code compliance.right_to_be_forgotten} off, an erasure is refused before anyone is looked up. */
class ErasureSwitchTests {

    @Test
    void erasureIsRefusedWhileTheSwitchIsOff() {
        Erasures erasures = new Erasures((tenant, user) -> {
            throw new AssertionError("no one is looked up while erasure is off");
        }, null, event -> { }, () -> false, null, Clock.systemUTC());

        assertThatThrownBy(() -> erasures.erase(TenantId.of("t"), "someone@example.com", "admin"))
                .isInstanceOf(Erasures.ErasureDisabled.class)
                .hasMessageContaining("compliance.right_to_be_forgotten");
    }

    @Test
    void theSwitchOnLooksThePersonUp() {
        Erasures erasures = new Erasures((tenant, user) -> Optional.empty(), null, event -> { }, () -> true, null,
                Clock.systemUTC());

        assertThatThrownBy(() -> erasures.erase(TenantId.of("t"), "someone@example.com", "admin"))
                .isInstanceOf(java.util.NoSuchElementException.class);
    }
}
