package dev.aurelis.spend;

import java.util.Locale;
import java.util.Map;

/** Requests and tokens per minute per API key, user and team, with overrides for named teams and users. */
public record RateLimitPolicy(Rate perKey, Rate perUser, Rate perTeam, Map<String, Rate> teams, Map<String, Rate> users) {

    /** Requests and tokens per minute; null means no limit. */
    public record Rate(Integer requestsPerMinute, Integer tokensPerMinute) {
        public static final Rate NONE = new Rate(null, null);
    }

    public static final RateLimitPolicy NONE = new RateLimitPolicy(null, null, null, Map.of(), Map.of());

    public RateLimitPolicy {
        perKey = perKey == null ? Rate.NONE : perKey;
        perUser = perUser == null ? Rate.NONE : perUser;
        perTeam = perTeam == null ? Rate.NONE : perTeam;
        teams = teams == null ? Map.of() : Map.copyOf(teams);
        Map<String, Rate> lower = new java.util.HashMap<>();
        if (users != null) {
            users.forEach((email, rate) -> lower.put(email.toLowerCase(Locale.ROOT), rate));
        }
        users = Map.copyOf(lower);
    }

    Rate forTeam(String team) {
        return team == null ? Rate.NONE : teams.getOrDefault(team, perTeam);
    }

    Rate forUser(String email) {
        return email == null ? Rate.NONE : users.getOrDefault(email.toLowerCase(Locale.ROOT), perUser);
    }
}
