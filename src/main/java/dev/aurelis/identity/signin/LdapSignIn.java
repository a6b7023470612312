package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Directory sign-in: finds the person's entry with the configured search (by user name, or by e-mail address with
 * {@code email_search_filter} when the name typed is one), proves the password by binding as that entry (Spring
 * Security's bind authenticator), then reads their groups: {@code memberOf} on Active Directory, a search of group
 * entries on OpenLDAP. Every directory operation connects within {@code integrations.sso.connect_timeout} and waits
 * at most {@code read_timeout} for an answer; a slow or absent directory is a {@link ProviderUnavailable}, never a
 * hang.
 */
@Component
public class LdapSignIn {

    private static final String CONNECT_TIMEOUT = "com.sun.jndi.ldap.connect.timeout";
    private static final String READ_TIMEOUT = "com.sun.jndi.ldap.read.timeout";

    private final SignIn signIn;
    private volatile Directory directory;

    private record Directory(SignInSettings.Ldap settings, Duration connectTimeout, Duration readTimeout,
            DefaultSpringSecurityContextSource source, BindAuthenticator byName, BindAuthenticator byEmail) {
    }

    LdapSignIn(SignIn signIn) {
        this.signIn = signIn;
    }

    public boolean configured() {
        return signIn.settings().ldap() != null;
    }

    /** Whether people may type their e-mail address instead of their directory user name. */
    public boolean acceptsEmail() {
        SignInSettings.Ldap settings = signIn.settings().ldap();
        return settings != null && settings.emailSearchFilter() != null;
    }

    /**
     * The directory's account for these credentials; empty when the name or password is wrong;
     * {@link ProviderUnavailable} when the directory does not answer in time or cannot be reached.
     */
    public Optional<ExternalIdentity> authenticate(String username, String password) {
        SignInSettings.Ldap settings = signIn.settings().ldap();
        if (settings == null || username == null || username.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        Directory dir = directory(settings);
        String name = username.strip();
        BindAuthenticator authenticator = name.contains("@") && dir.byEmail() != null ? dir.byEmail() : dir.byName();
        try {
            return authenticate(settings, dir, authenticator, name, password);
        } catch (org.springframework.ldap.NamingException | org.springframework.security.authentication
                .InternalAuthenticationServiceException e) {
            throw ProviderUnavailable.of("The directory at " + settings.url(), e, dir.connectTimeout(), dir.readTimeout());
        }
    }

    private Optional<ExternalIdentity> authenticate(SignInSettings.Ldap settings, Directory dir,
            BindAuthenticator authenticator, String username, String password) {
        DirContextOperations entry;
        try {
            entry = authenticator.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        } catch (org.springframework.security.authentication.InternalAuthenticationServiceException e) {
            throw e;
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
                    settings.groupSearchFilter(), new String[] {dn, username}, "cn");
            groups.addAll(names);
        }
        String email = entry.getStringAttribute(settings.emailAttribute());
        String displayName = Optional.ofNullable(entry.getStringAttribute("displayName"))
                .orElse(entry.getStringAttribute("cn"));
        return Optional.of(new ExternalIdentity("ldap", settings.url(), dn.toLowerCase(java.util.Locale.ROOT), email,
                displayName, groups, settings.linking().emailAuthoritative(), false));
    }

    private Directory directory(SignInSettings.Ldap settings) {
        Duration connectTimeout = signIn.settings().connectTimeout();
        Duration readTimeout = signIn.settings().readTimeout();
        Directory current = directory;
        if (current != null && current.settings().equals(settings) && current.connectTimeout().equals(connectTimeout)
                && current.readTimeout().equals(readTimeout)) {
            return current;
        }
        String url = settings.url().replaceAll("/+$", "") + "/" + settings.baseDn();
        DefaultSpringSecurityContextSource source = new DefaultSpringSecurityContextSource(url);
        // JNDI's own defaults wait for ever: bound every connect and every answer
        source.setBaseEnvironmentProperties(Map.of(CONNECT_TIMEOUT, String.valueOf(connectTimeout.toMillis()),
                READ_TIMEOUT, String.valueOf(readTimeout.toMillis())));
        if (settings.bindDn() != null && !settings.bindDn().isBlank()) {
            source.setUserDn(settings.bindDn());
            source.setPassword(settings.bindPassword() == null ? "" : settings.bindPassword());
        } else {
            source.setAnonymousReadOnly(true);
        }
        source.afterPropertiesSet();
        BindAuthenticator byEmail = settings.emailSearchFilter() == null ? null
                : authenticator(source, settings.userSearchBase(), settings.emailSearchFilter());
        Directory created = new Directory(settings, connectTimeout, readTimeout, source,
                authenticator(source, settings.userSearchBase(), settings.userSearchFilter()), byEmail);
        directory = created;
        return created;
    }

    private static BindAuthenticator authenticator(DefaultSpringSecurityContextSource source, String base, String filter) {
        FilterBasedLdapUserSearch search = new FilterBasedLdapUserSearch(base, filter, source);
        search.setReturningAttributes(null);
        BindAuthenticator authenticator = new BindAuthenticator(source);
        authenticator.setUserSearch(search);
        authenticator.afterPropertiesSet();
        return authenticator;
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
