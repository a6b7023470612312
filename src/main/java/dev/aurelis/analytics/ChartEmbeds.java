package dev.aurelis.analytics;

import dev.aurelis.privacy.Sealing;
import dev.aurelis.spend.LedgerFilter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed, expiring, read-only links to one console chart ({@code analytics.dashboard_embedding}), for a wiki page or
 * a team screen where nobody signs in. A link carries what it shows (the chart, how many days, a team) and the reach
 * of the person who made it, so it never shows more than they could see; an HMAC-SHA-256 tag under a key derived
 * from the keyring's data key makes it unforgeable. Nothing is stored: a link stops working when it expires, when
 * embedding is turned off, or when the data key it was signed with is gone.
 */
@Component
public class ChartEmbeds {

    /** The charts a link may show: the console overview's four daily charts. */
    public static final List<String> CHARTS = List.of("requests", "spend", "latency", "active_users");
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    public static final Duration LONGEST_LIFETIME = Duration.ofDays(30);

    private static final String PURPOSE = "analytics-embed";

    private final Sealing sealing;
    private final AnalyticsSettings settings;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ChartEmbeds(Sealing sealing, AnalyticsSettings settings, Optional<Clock> clock) {
        this.sealing = sealing;
        this.settings = settings;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * What a link shows and to whose reach it is limited.
     *
     * @param days      the chart covers the last {@code days} days (of the organisation's zone) when it is opened
     * @param team      one team only, or null
     * @param reach     the maker's reach, or null for the whole organisation
     * @param createdBy who made the link
     */
    public record Grant(String tenant, String chart, int days, String team, LedgerFilter.Reach reach, String createdBy,
            Instant expiresAt) {

        /** The records the chart counts: the team's, within the maker's reach. */
        public LedgerFilter filter() {
            return new LedgerFilter(null, team, null, null, null, null, null, reach);
        }
    }

    /** A link's token (the last part of its path) and when it stops working. */
    public record Link(String token, Instant expiresAt) {
    }

    /** A link could not be opened: expired (answered 410), or never valid or turned off (404). */
    public static final class Refused extends RuntimeException {
        private final boolean expired;

        Refused(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    /** The token's claims, as signed. */
    private record Claims(int v, String tenant, String chart, int days, String team, List<String> departments,
            List<String> teams, String user, boolean limited, String by, long exp) {
    }

    /** Makes a link; refuses (404) when embedding is off and (400) what it cannot show. */
    public Link create(String tenant, String chart, Integer days, String team, LedgerFilter.Reach reach,
            String createdBy, Duration lifetime) {
        requireOn();
        if (chart == null || !CHARTS.contains(chart)) {
            throw new IllegalArgumentException("'chart' must be one of " + String.join(", ", CHARTS) + ".");
        }
        int window = days == null ? 14 : days;
        if (window < 1 || window > 366) {
            throw new IllegalArgumentException("'days' must be between 1 and 366.");
        }
        Duration life = lifetime == null ? DEFAULT_LIFETIME : lifetime;
        if (life.isNegative() || life.isZero() || life.compareTo(LONGEST_LIFETIME) > 0) {
            throw new IllegalArgumentException("'expires_in' must be more than 0 and at most 30 days.");
        }
        Instant expires = clock.instant().plus(life).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Claims claims = new Claims(1, tenant, chart, window, team == null || team.isBlank() ? null : team.strip(),
                reach == null ? List.of() : reach.departments().stream().sorted().toList(),
                reach == null ? List.of() : reach.teams().stream().sorted().toList(),
                reach == null || reach.user() == null ? null : reach.user().toString(), reach != null, createdBy,
                expires.getEpochSecond());
        byte[] payload = json.writeValueAsBytes(claims);
        return new Link(sealing.signedToken(PURPOSE, payload), expires);
    }

    /** What a token grants, once its signature, its expiry and the setting allow it. */
    public Grant open(String token) {
        requireOn();
        Claims claims = verified(token);
        Instant expires = Instant.ofEpochSecond(claims.exp());
        if (!clock.instant().isBefore(expires)) {
            throw new Refused("This chart link expired at " + expires + "; ask for a new one.", true);
        }
        LedgerFilter.Reach reach = claims.limited() ? new LedgerFilter.Reach(Set.copyOf(claims.departments()),
                Set.copyOf(claims.teams()), claims.user() == null ? null : UUID.fromString(claims.user())) : null;
        return new Grant(claims.tenant(), claims.chart(), claims.days(), claims.team(), reach, claims.by(), expires);
    }

    private Claims verified(String token) {
        Refused invalid = new Refused("No such chart link.", false);
        byte[] payload = sealing.verifiedToken(PURPOSE, token, 4096).orElseThrow(() -> invalid);
        try {
            Claims claims = json.readValue(new String(payload, StandardCharsets.UTF_8), Claims.class);
            if (claims.v() != 1 || !CHARTS.contains(claims.chart())) {
                throw invalid;
            }
            return claims;
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid;
        }
    }

    private void requireOn() {
        if (!settings.policy().enabled() || !settings.policy().dashboardEmbedding()) {
            throw new NoSuchElementException("Chart embedding is turned off: set analytics.enabled and "
                    + "analytics.dashboard_embedding to true.");
        }
    }
}
