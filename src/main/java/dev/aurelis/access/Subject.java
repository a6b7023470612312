package dev.aurelis.access;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whom grants are computed for: a user, the roles written on the key they present (if any), the key's team
 * and the teams the user belongs to.
 */
public record Subject(UUID userId, List<String> keyRoles, String keyTeam, Set<String> memberTeams) {

    public Subject {
        keyRoles = keyRoles == null ? List.of() : List.copyOf(keyRoles);
        memberTeams = memberTeams == null ? Set.of() : Set.copyOf(memberTeams);
    }
}
