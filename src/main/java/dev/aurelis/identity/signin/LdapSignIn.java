package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.ldap.DefaultSpringSecurityContextSource;
import org.springframework.security.ldap.SpringSecurityLdapTemplate;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;
import org.springframework.stereotype.Component;

/**
 * Directory sign-in: finds the person's entry with the configured search, proves the password by binding as
 * that entry (Spring Security's bind authenticator), then reads their groups: {@code memberOf} on Active
 * Directory, a search of group entries on OpenLDAP.
 */
@Component
public class LdapSignIn {

    private final SignIn signIn;
    private volatile Directory directory;

    private record Directory(SignInSettings.Ldap settings, DefaultSpringSecurityContextSource source,
            BindAuthenticator authenticator) {
    }

    LdapSignIn(SignIn signIn) {
        this.signIn = signIn;
    }

    public boolean configured() {
        return signIn.settings().ldap() != null;
    }

    /** The directory's account for these credentials; empty when the name or password is wrong. */
    public Optional<ExternalIdentity> authenticate(String username, String password) {
        SignInSettings.Ldap settings = signIn.settings().ldap();
        if (settings == null || username == null || username.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        Directory dir = directory(settings);
        DirContextOperations entry;
        try {
            entry = dir.authenticator().authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username.strip(), password));
        } catch (AuthenticationException e) {
            return Optional.empty();
        }
        String dn = entry.getNameInNamespace();
        List<String> groups = new ArrayList<>();
        if (settings.activeDirectory()) {
            String[] memberOf = entry.getStringAttributes("memberOf");
            if (memberOf != null) {
                for (String groupDn : memberOf) {
                    groups.add(commonName(groupDn));
                }
            }
        } else {
            SpringSecurityLdapTemplate template = new SpringSecurityLdapTemplate(dir.source());
            Set<String> names = template.searchForSingleAttributeValues(settings.groupSearchBase(),
                    settings.groupSearchFilter(), new String[] {dn, username.strip()}, "cn");
            groups.addAll(names);
        }
        String email = entry.getStringAttribute(settings.emailAttribute());
        String displayName = Optional.ofNullable(entry.getStringAttribute("displayName"))
                .orElse(entry.getStringAttribute("cn"));
        return Optional.of(new ExternalIdentity("ldap", settings.url(), dn.toLowerCase(java.util.Locale.ROOT), email,
                displayName, groups, settings.linking().emailAuthoritative(), false));
    }

    private Directory directory(SignInSettings.Ldap settings) {
        Directory current = directory;
        if (current != null && current.settings().equals(settings)) {
            return current;
        }
        String url = settings.url().replaceAll("/+$", "") + "/" + settings.baseDn();
        DefaultSpringSecurityContextSource source = new DefaultSpringSecurityContextSource(url);
        if (settings.bindDn() != null && !settings.bindDn().isBlank()) {
            source.setUserDn(settings.bindDn());
            source.setPassword(settings.bindPassword() == null ? "" : settings.bindPassword());
        } else {
            source.setAnonymousReadOnly(true);
        }
        source.afterPropertiesSet();
        FilterBasedLdapUserSearch search = new FilterBasedLdapUserSearch(settings.userSearchBase(),
                settings.userSearchFilter(), source);
        search.setReturningAttributes(null);
        BindAuthenticator authenticator = new BindAuthenticator(source);
        authenticator.setUserSearch(search);
        authenticator.afterPropertiesSet();
        Directory created = new Directory(settings, source, authenticator);
        directory = created;
        return created;
    }

    /** The CN of a group DN ({@code CN=Aurelis Admins,OU=Groups,DC=corp} gives {@code Aurelis Admins}). */
    static String commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("cn")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // not a DN: use it as it is
        }
        return dn;
    }
}
