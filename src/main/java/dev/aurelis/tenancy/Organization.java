package dev.aurelis.tenancy;

/** An organisation (tenant). */
public record Organization(TenantId tenantId, String name, String externalId, String timeZone) {
}
