/** The `aurelis` command line: serves, or talks to a running server through its admin API. */
@org.springframework.modulith.ApplicationModule(displayName = "Command line", allowedDependencies = {"configuration", "units"})
package dev.aurelis.cli;
