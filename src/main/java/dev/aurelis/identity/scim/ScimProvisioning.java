package dev.aurelis.identity.scim;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.identity.GroupDeprovisioned;
import dev.aurelis.identity.GroupProvisioned;
import dev.aurelis.identity.User;
import dev.aurelis.identity.UserConflict;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.Users;
import dev.aurelis.identity.signin.LocalAccounts;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What SCIM requests do to users and teams, each request in one transaction: users are Aurelis users
 * (de-provisioning through {@code active: false} or DELETE revokes their keys at once), groups are teams
 * whose membership the identity provider manages. A member a group adds receives the team's roles, so a push
 * that adds members is refused when the team carries a role SCIM may not confer
 * ({@code integrations.scim.allowed_roles}; without it, any administrative role). Break-glass accounts are
 * managed in Aurelis only: SCIM neither changes them nor moves them between teams.
 */
@Component
class ScimProvisioning {

    private static final Set<String> USER_READ_ONLY = Set.of("id", "meta", "groups", "schemas");
    private static final Set<String> GROUP_READ_ONLY = Set.of("id", "meta", "schemas");
    private static final int MAX_TEAM_NAME = 200;

    private final Users users;
    private final Organizations organizations;
    private final ScimGroupDirectory groups;
    private final ApplicationEventPublisher events;
    private final AccessPolicy access;
    private final SignIn signIn;
    private final LocalAccounts localAccounts;

    ScimProvisioning(Users users, Organizations organizations, ScimGroupDirectory groups, ApplicationEventPublisher events,
            AccessPolicy access, SignIn signIn, LocalAccounts localAccounts) {
        this.users = users;
        this.organizations = organizations;
        this.groups = groups;
        this.events = events;
        this.access = access;
        this.signIn = signIn;
        this.localAccounts = localAccounts;
    }

    // ---- users ----

    List<ObjectNode> allUsers(TenantId tenant, String baseUrl) {
        List<ScimGroupDirectory.Group> managed = groups.list(tenant);
        return users.list(tenant).stream().map(u -> userResource(u, managed, baseUrl)).toList();
    }

    Optional<ObjectNode> user(TenantId tenant, UUID id, String baseUrl) {
        return liveUser(tenant, id).map(u -> userResource(u, groups.list(tenant), baseUrl));
    }

    @Transactional
    ObjectNode createUser(TenantId tenant, JsonNode body, String actor, String baseUrl) {
        ScimResources.UserInput input = ScimResources.userInput(body);
        try {
            User user = users.create(tenant, input.details(), input.active() == null || input.active(), "scim", actor);
            return userResource(user, groups.list(tenant), baseUrl);
        } catch (UserConflict e) {
            throw ScimException.uniqueness(e.getMessage());
        }
    }

    @Transactional
    ObjectNode replaceUser(TenantId tenant, UUID id, JsonNode body, String actor, String baseUrl) {
        User current = liveUser(tenant, id).orElseThrow(() -> notFound("User", id));
        ScimResources.UserInput input = ScimResources.userInput(body);
        checkId(body, id);
        return writeUser(tenant, current, input, actor, baseUrl);
    }

    @Transactional
    ObjectNode patchUser(TenantId tenant, UUID id, JsonNode patch, String actor, String baseUrl) {
        User current = liveUser(tenant, id).orElseThrow(() -> notFound("User", id));
        ObjectNode resource = userResource(current, groups.list(tenant), baseUrl);
        ScimPatch.apply(resource, patch, USER_READ_ONLY);
        return writeUser(tenant, current, ScimResources.userInput(resource), actor, baseUrl);
    }

    private ObjectNode writeUser(TenantId tenant, User current, ScimResources.UserInput input, String actor, String baseUrl) {
        requireManagedByProvider(tenant, current.id());
        boolean active = input.active() == null ? current.active() : input.active();
        try {
            User user = users.replace(tenant, current.id(), input.details(), active, actor);
            return userResource(user, groups.list(tenant), baseUrl);
        } catch (UserConflict e) {
            throw ScimException.uniqueness(e.getMessage());
        }
    }

    @Transactional
    void deleteUser(TenantId tenant, UUID id, String actor) {
        liveUser(tenant, id).ifPresent(u -> requireManagedByProvider(tenant, u.id()));
        if (!users.delete(tenant, id, actor)) {
            throw notFound("User", id);
        }
    }

    private Optional<User> liveUser(TenantId tenant, UUID id) {
        return users.find(tenant, id).filter(u -> !u.status().equals(User.DELETED));
    }

    private static ObjectNode userResource(User user, List<ScimGroupDirectory.Group> managed, String baseUrl) {
        List<ScimGroupDirectory.Group> memberOf = managed.stream().filter(g -> user.teams().contains(g.team())).toList();
        return ScimResources.user(user, memberOf, baseUrl);
    }

    // ---- groups ----

    List<ObjectNode> allGroups(TenantId tenant, String baseUrl) {
        List<User> everyone = users.list(tenant);
        return groups.list(tenant).stream().map(g -> groupResource(g, everyone, baseUrl)).toList();
    }

    Optional<ObjectNode> group(TenantId tenant, UUID id, String baseUrl) {
        return groups.find(tenant, id).map(g -> groupResource(g, users.list(tenant), baseUrl));
    }

    @Transactional
    ObjectNode createGroup(TenantId tenant, JsonNode body, String actor, String baseUrl) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a SCIM Group resource (a JSON object).");
        }
        String team = ScimResources.text(body, "displayName");
        if (team == null || team.isBlank() || team.strip().length() > MAX_TEAM_NAME) {
            throw ScimException.invalidValue("'displayName' is required (the team's name, at most " + MAX_TEAM_NAME
                    + " characters).");
        }
        team = team.strip();
        if (groups.findByTeam(tenant, team).isPresent()) {
            throw ScimException.uniqueness("A group named '" + team + "' exists already.");
        }
        Set<UUID> members = ScimResources.memberIds(ScimFilter.AttrPath.field(body, "members"));
        requireUsers(tenant, members);
        if (!members.isEmpty()) {
            requireMayConfer(tenant, team);
            members.forEach(member -> requireManagedByProvider(tenant, member));
        }
        if (organizations.team(tenant, team).isEmpty()) {
            organizations.ensureTeam(tenant, team);
        }
        String chosenTeam = team;
        ScimGroupDirectory.Group group = groups.link(tenant, team, ScimResources.text(body, "externalId"))
                .orElseThrow(() -> ScimException.uniqueness("A group named '" + chosenTeam + "' exists already."));
        for (UUID member : members) {
            users.joinTeam(tenant, member, team, actor);
        }
        events.publishEvent(new GroupProvisioned(tenant.value(), group.id(), team, actor));
        return groupResource(group, users.list(tenant), baseUrl);
    }

    @Transactional
    ObjectNode replaceGroup(TenantId tenant, UUID id, JsonNode body, String actor, String baseUrl) {
        ScimGroupDirectory.Group group = groups.find(tenant, id).orElseThrow(() -> notFound("Group", id));
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a SCIM Group resource (a JSON object).");
        }
        checkId(body, id);
        return writeGroup(tenant, group, body, actor, baseUrl);
    }

    @Transactional
    ObjectNode patchGroup(TenantId tenant, UUID id, JsonNode patch, String actor, String baseUrl) {
        ScimGroupDirectory.Group group = groups.find(tenant, id).orElseThrow(() -> notFound("Group", id));
        ObjectNode resource = groupResource(group, users.list(tenant), baseUrl);
        ScimPatch.apply(resource, patch, GROUP_READ_ONLY);
        return writeGroup(tenant, group, resource, actor, baseUrl);
    }

    private ObjectNode writeGroup(TenantId tenant, ScimGroupDirectory.Group group, JsonNode resource, String actor,
            String baseUrl) {
        String displayName = ScimResources.text(resource, "displayName");
        if (displayName == null || !displayName.strip().equals(group.team())) {
            throw ScimException.mutability("A group's displayName is its team's name, which cannot change ('"
                    + group.team() + "'); create a new group for a new team.");
        }
        Set<UUID> wanted = ScimResources.memberIds(ScimFilter.AttrPath.field(resource, "members"));
        requireUsers(tenant, wanted);
        Set<UUID> current = new HashSet<>(users.members(tenant, group.team()));
        Set<UUID> added = new HashSet<>(wanted);
        added.removeAll(current);
        Set<UUID> removed = new HashSet<>(current);
        removed.removeAll(wanted);
        if (!added.isEmpty()) {
            requireMayConfer(tenant, group.team());
        }
        added.forEach(member -> requireManagedByProvider(tenant, member));
        removed.forEach(member -> requireManagedByProvider(tenant, member));
        for (UUID member : wanted) {
            if (!current.contains(member)) {
                users.joinTeam(tenant, member, group.team(), actor);
            }
        }
        for (UUID member : current) {
            if (!wanted.contains(member)) {
                users.leaveTeam(tenant, member, group.team(), actor);
            }
        }
        groups.update(tenant, group.id(), ScimResources.text(resource, "externalId"));
        return groupResource(groups.find(tenant, group.id()).orElseThrow(), users.list(tenant), baseUrl);
    }

    @Transactional
    void deleteGroup(TenantId tenant, UUID id, String actor) {
        ScimGroupDirectory.Group group = groups.find(tenant, id).orElseThrow(() -> notFound("Group", id));
        for (UUID member : users.members(tenant, group.team())) {
            users.leaveTeam(tenant, member, group.team(), actor);
        }
        groups.unlink(tenant, id);
        events.publishEvent(new GroupDeprovisioned(tenant.value(), id, group.team(), actor));
    }

    /** The roles a member of {@code team} receives must all be ones SCIM may confer. */
    private void requireMayConfer(TenantId tenant, String team) {
        List<String> allowed = signIn.settings().scimAllowedRoles();
        List<String> refused = access.rolesConferredByTeam(tenant, team).stream()
                .filter(role -> allowed == null ? access.isAdministrative(tenant, role) : !allowed.contains(role))
                .sorted().toList();
        if (!refused.isEmpty()) {
            throw ScimException.forbidden("Members of the group '" + team + "' would receive the role(s) "
                    + String.join(", ", refused) + ", which SCIM may not confer ("
                    + (allowed == null ? "administrative roles only when integrations.scim.allowed_roles names them"
                            : "integrations.scim.allowed_roles does not name them")
                    + "); an administrator grants them in Aurelis instead.");
        }
    }

    private void requireManagedByProvider(TenantId tenant, UUID user) {
        if (localAccounts.isBreakGlass(tenant, user)) {
            throw ScimException.forbidden("User " + user + " is a break-glass account, managed in Aurelis and not by "
                    + "the identity provider.");
        }
    }

    private void requireUsers(TenantId tenant, Set<UUID> ids) {
        Set<UUID> known = users.list(tenant).stream().map(User::id).collect(Collectors.toSet());
        for (UUID id : ids) {
            if (!known.contains(id)) {
                throw ScimException.invalidValue("No user with id " + id + " to make a member.");
            }
        }
    }

    private static ObjectNode groupResource(ScimGroupDirectory.Group group, List<User> everyone, String baseUrl) {
        return ScimResources.group(group, everyone.stream().filter(u -> u.teams().contains(group.team())).toList(), baseUrl);
    }

    private static void checkId(JsonNode body, UUID id) {
        String given = ScimResources.text(body, "id");
        if (given != null && !given.equals(id.toString())) {
            throw ScimException.mutability("'id' is " + id + " and cannot change.");
        }
    }

    private static ScimException notFound(String type, UUID id) {
        return ScimException.notFound(type + " " + id + " not found.");
    }
}
