package dev.aurelis.tenancy;

import java.util.List;

/**
 * A configuration names no tenant and the store holds several organisations, none of them with the file's
 * organisation id: which one the file describes cannot be told, and guessing would attach its rules to the wrong
 * organisation or start a second one silently.
 */
public class OrganizationNotIdentified extends RuntimeException {

    private final transient List<Organization> stored;

    public OrganizationNotIdentified(String organizationId, List<Organization> stored) {
        super("organization.id '" + organizationId + "' matches none of the " + stored.size()
                + " organisations in the database (" + String.join(", ", stored.stream()
                        .map(o -> o.tenantId() + (o.externalId() == null ? "" : " (id " + o.externalId() + ")")).toList())
                + "); set organization.tenant_id to the tenant this file describes, or to a new tenant id to add an "
                + "organisation");
        this.stored = List.copyOf(stored);
    }

    public List<Organization> stored() {
        return stored;
    }
}
