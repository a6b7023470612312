package dev.aurelis.analytics.rollup;

/**
 * Where a record is counted in a grain: its cube, its time bucket (the UTC hour as an ISO instant, or the local
 * day as an ISO date) and its coordinates.
 */
record Cell(Cube cube, String bucket, Coordinates coordinates) {
}
