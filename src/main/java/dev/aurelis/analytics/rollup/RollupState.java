package dev.aurelis.analytics.rollup;

import dev.aurelis.spend.LedgerCursor;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * How far a grain of a tenant's rollups has folded the ledger feed, the zone its days are cut in, and the cubes
 * whose facts hold every record folded so far (a cube added by an upgrade is derived from {@code DETAIL} before
 * reports read it).
 */
public record RollupState(Grain grain, LedgerCursor cursor, ZoneId zone, Set<Cube> cubes) {

    public RollupState {
        cubes = cubes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(cubes));
    }

    public RollupState(Grain grain, LedgerCursor cursor, ZoneId zone) {
        this(grain, cursor, zone, EnumSet.allOf(Cube.class));
    }
}
