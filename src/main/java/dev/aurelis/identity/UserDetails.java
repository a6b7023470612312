package dev.aurelis.identity;

/** The attributes of a user an identity provider sends; null leaves an attribute as it is on update. */
public record UserDetails(String email, String userName, String externalId, String displayName, String givenName,
        String familyName) {
}
