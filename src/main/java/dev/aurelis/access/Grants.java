package dev.aurelis.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one caller may do and where: each role that applies to them (from their key, their own bindings and
 * their teams) with its expanded permissions and the departments and teams it was bound to. Built when a key
 * or session is loaded and consulted from memory.
 */
public final class Grants {

    /** One role as it applies to the caller. */
    public record Grant(String role, RoleScope scope, Set<String> permissions, Set<String> departments,
            Set<String> teams) {

        public Grant {
            permissions = Set.copyOf(permissions);
            departments = Set.copyOf(departments);
            teams = Set.copyOf(teams);
        }
    }

    public static final Grants NONE = new Grants(null, List.of());

    private final UUID self;
    private final List<Grant> grants;
    private final Set<String> permissions;
    private final Set<String> roles;
    /** The roles again, immutable: copied once here rather than by every exchange that takes them (ADR 0100). */
    private final Set<String> roleSet;

    public Grants(UUID self, List<Grant> grants) {
        this.self = self;
        this.grants = List.copyOf(grants);
        Set<String> all = new HashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Grant grant : grants) {
            all.addAll(grant.permissions());
            names.add(grant.role());
        }
        this.permissions = Set.copyOf(all);
        this.roles = java.util.Collections.unmodifiableSet(names);
        this.roleSet = Set.copyOf(names);
    }

    public boolean has(String permission) {
        return Permission.includes(permissions, Permission.normalize(permission));
    }

    /** Whether the caller holds every one of {@code wanted}: nobody grants what they do not hold. */
    public boolean holdsAll(Collection<String> wanted) {
        return missing(wanted).isEmpty();
    }

    /** Those of {@code wanted} the caller does not hold. */
    public List<String> missing(Collection<String> wanted) {
        return wanted.stream().map(Permission::normalize).filter(p -> !has(p)).distinct().sorted().toList();
    }

    /** The union of the reach of every role that grants {@code permission}. */
    public Scope scopeOf(String permission) {
        String wanted = Permission.normalize(permission);
        Scope scope = Scope.NOTHING;
        for (Grant grant : grants) {
            if (!Permission.includes(grant.permissions(), wanted)) {
                continue;
            }
            Scope reach = switch (grant.scope()) {
                case ORGANIZATION -> Scope.ORGANIZATION;
                case DEPARTMENT -> new Scope(false, grant.departments(), Set.of(), null);
                case TEAM -> new Scope(false, Set.of(), grant.teams(), null);
                case OWN -> new Scope(false, Set.of(), Set.of(), self);
            };
            scope = scope.union(reach);
        }
        return scope;
    }

    /** Every permission held, expanded by {@link Permission#expand}. */
    public Set<String> permissions() {
        return permissions;
    }

    /** The roles, in the order granted. */
    public Set<String> roles() {
        return roles;
    }

    /** The roles in no order, as an immutable set that {@link Set#copyOf} takes without copying. */
    public Set<String> roleSet() {
        return roleSet;
    }

    public List<Grant> grants() {
        return grants;
    }

    @Override
    public String toString() {
        return "Grants" + roles;
    }
}
