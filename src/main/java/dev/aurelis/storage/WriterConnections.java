package dev.aurelis.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection of the application's role (row-level security applies to it) that no pool shares, for one
 * long-lived writer that keeps it open: the session settings it makes stay its own and cannot reach another caller.
 * The tenant is not bound: the writer sets {@link TenantBinding#SETTING} itself, and closes the connection once it
 * fails or is no longer needed.
 */
@FunctionalInterface
public interface WriterConnections {

    Connection open() throws SQLException;
}
