package dev.aurelis.analytics.rollup;

import java.util.EnumSet;
import java.util.Set;

/**
 * A rollup's set of dimensions. Every record is folded into each cube; a report reads the smallest cube that holds
 * every dimension it filters or groups by. {@code DETAIL} keeps them all (a person's own usage, unique users);
 * {@code TEAMS} drops the person, which makes organisation- and team-level reports several times cheaper;
 * {@code PEOPLE} keeps the person with only what reports about people filter or group by (their team, department
 * and client tool; status and price, which failed and unpriced counts follow from), so counting people reads about a
 * fact per person and hour instead of one per exchange; {@code SERVICE} keeps only what latency and error reports
 * are broken down by; {@code TOTALS} keeps nothing but status and price, so the organisation's totals, latency
 * percentiles per day and weekday-hour map read a few facts per hour.
 */
public enum Cube {
    DETAIL(1, EnumSet.allOf(Dimension.class)),
    TEAMS(2, EnumSet.complementOf(EnumSet.of(Dimension.USER_ID, Dimension.USER))),
    PEOPLE(4, EnumSet.of(Dimension.USER_ID, Dimension.USER, Dimension.TEAM, Dimension.DEPARTMENT,
            Dimension.CLIENT_TOOL, Dimension.STATUS, Dimension.PRICED)),
    SERVICE(3, EnumSet.of(Dimension.TEAM, Dimension.DEPARTMENT, Dimension.MODEL, Dimension.PROVIDER,
            Dimension.CLIENT_TOOL, Dimension.STATUS, Dimension.ERROR_TYPE, Dimension.PRICED)),
    TOTALS(5, EnumSet.of(Dimension.STATUS, Dimension.PRICED));

    private final short id;
    private final Set<Dimension> dimensions;

    Cube(int id, Set<Dimension> dimensions) {
        this.id = (short) id;
        this.dimensions = Set.copyOf(dimensions);
    }

    public short id() {
        return id;
    }

    public Set<Dimension> dimensions() {
        return dimensions;
    }

    public boolean holds(Set<Dimension> wanted) {
        return dimensions.containsAll(wanted);
    }

    /** The smallest cube holding {@code wanted} (cubes are declared from the largest to the smallest). */
    public static Cube covering(Set<Dimension> wanted) {
        return covering(wanted, EnumSet.allOf(Cube.class));
    }

    /** The smallest of {@code complete} (cubes whose facts hold every folded record) holding {@code wanted}. */
    static Cube covering(Set<Dimension> wanted, Set<Cube> complete) {
        Cube best = DETAIL;
        for (Cube cube : values()) {
            if (complete.contains(cube) && cube.holds(wanted)) {
                best = cube;
            }
        }
        return best;
    }

    static Cube byId(int id) {
        for (Cube cube : values()) {
            if (cube.id == id) {
                return cube;
            }
        }
        throw new IllegalArgumentException("no cube " + id);
    }
}
