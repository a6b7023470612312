package dev.aurelis.workspaces;

import java.time.Instant;
import java.util.Locale;

/**
 * A member of a workspace.
 *
 * @param member an e-mail address, or a bare name (the brief's {@code alice}) that stands for the callers whose
 *               address has it as its local part
 * @param via    {@code configuration} when the configuration file declares the membership, else {@code api}
 */
public record Member(String member, WorkspaceRole role, String via, String addedBy, Instant addedAt) {

    /** Whether a caller with this e-mail address is this member. */
    public boolean is(String email) {
        if (email == null) {
            return false;
        }
        String address = email.toLowerCase(Locale.ROOT);
        return member.contains("@") ? member.equals(address)
                : address.length() > member.length() && address.startsWith(member)
                        && address.charAt(member.length()) == '@';
    }
}
