package dev.aurelis.spend;

/**
 * The answer to a reservation: admitted (with the reservation to settle or release), or asked to serve
 * {@code downgradeTo} instead because {@code downgradeReason}.
 */
public record Admission(Reservation reservation, String downgradeTo, String downgradeReason) {

    static Admission admitted(Reservation reservation) {
        return new Admission(reservation, null, null);
    }

    public boolean downgrade() {
        return downgradeTo != null;
    }
}
