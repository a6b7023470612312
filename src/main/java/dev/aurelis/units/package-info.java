/**
 * The units people type, in the configuration file, on the command line and in the admin API, read by one grammar
 * wherever they are typed: durations ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, {@code 2w}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Units", allowedDependencies = {})
package dev.aurelis.units;
