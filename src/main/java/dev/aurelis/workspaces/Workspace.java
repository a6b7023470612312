package dev.aurelis.workspaces;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace of a tenant: its permission areas (what its members may do in each), settings and members.
 *
 * @param via        {@code configuration} when the configuration file declares it, else {@code api}
 * @param archivedAt when it was archived (archived workspaces keep their history and add nothing to requests), or null
 */
public record Workspace(String name, String description, Map<Area, Access> permissions, WorkspaceSettings settings,
        List<Member> members, String via, Instant archivedAt, String createdBy, Instant createdAt, Instant updatedAt) {

    public Workspace {
        EnumMap<Area, Access> all = new EnumMap<>(Area.class);
        for (Area area : Area.values()) {
            all.put(area, permissions.getOrDefault(area, Access.READ_WRITE));
        }
        permissions = java.util.Collections.unmodifiableMap(all);
        members = List.copyOf(members);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** The membership of the caller with this e-mail address: an exact address before a bare name. */
    public Optional<Member> memberFor(String email) {
        Optional<Member> exact = members.stream().filter(m -> m.member().contains("@") && m.is(email)).findFirst();
        return exact.isPresent() ? exact : members.stream().filter(m -> m.is(email)).findFirst();
    }

    /** What {@code member} may do in {@code area}. */
    public Access access(Member member, Area area) {
        return member.role().in(permissions.get(area));
    }

    /** The permissions by their wire names, for answers. */
    public Map<String, String> permissionNames() {
        Map<String, String> names = new LinkedHashMap<>();
        permissions.forEach((area, access) -> names.put(area.wireName(), access.wireName()));
        return names;
    }
}
