package dev.aurelis.tenancy;

/** A team; users belong to teams, and a team's spend is attributed to its department and cost center. */
public record Team(String name, String department, String costCenter) {
}
