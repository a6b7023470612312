package dev.aurelis.storage.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The database role the application's queries run as. It must not be a superuser nor hold BYPASSRLS, and it
 * must not own the tables, so that PostgreSQL applies the row-level security policies to it. The schema
 * owner creates it on first start (or an operator creates it beforehand); the migrations grant it the
 * table privileges it needs.
 */
final class ApplicationRole {

    static final String NAME = "aurelis_app";

    private ApplicationRole() {
    }

    /** Creates the role if it is missing and lets the schema owner switch to it. */
    static void ensure(DataSource owner) {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$ begin
                      if not exists (select from pg_roles where rolname = '%1$s') then
                        create role %1$s nologin nosuperuser nocreatedb nocreaterole nobypassrls;
                      end if;
                    exception when duplicate_object then null;
                    end $$""".formatted(NAME));
            try (ResultSet rs = statement.executeQuery("""
                    select r.rolsuper or r.rolbypassrls, pg_has_role(current_user, r.oid, 'MEMBER'),
                           (select rolsuper from pg_roles where rolname = current_user)
                    from pg_roles r where r.rolname = '%s'""".formatted(NAME))) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new IllegalStateException("The database role " + NAME + " is a superuser or has BYPASSRLS, "
                            + "so row-level security would not apply to it. Run: alter role " + NAME
                            + " nosuperuser nobypassrls");
                }
                if (!rs.getBoolean(2) && !rs.getBoolean(3)) {
                    statement.execute("grant " + NAME + " to current_user");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the database role " + NAME + " (the schema owner needs "
                    + "CREATEROLE, or create it beforehand: create role " + NAME + " nologin; grant " + NAME
                    + " to <owner>): " + e.getMessage(), e);
        }
    }

    /** Refuses a connection that row-level security would not apply to. */
    static void verifyRestricted(DataSource application) {
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select current_user, r.rolsuper or r.rolbypassrls
                        from pg_roles r where r.rolname = current_user""")) {
            rs.next();
            if (rs.getBoolean(2)) {
                throw new IllegalStateException("The application's database user " + rs.getString(1)
                        + " is a superuser or has BYPASSRLS, so row-level security would not isolate tenants. "
                        + "Use a user without those attributes that is a member of " + NAME + ".");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the application's database user: " + e.getMessage(), e);
        }
    }
}
