/**
 * How callers speak to the gateway: reading bodies, headers and keys, JSON on the hot path, errors in each vendor's
 * shape, and the one local prompt-token estimate.
 */
package dev.aurelis.gateway.wire;
