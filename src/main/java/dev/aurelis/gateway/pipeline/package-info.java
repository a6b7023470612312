/**
 * The exchange pipeline, {@link dev.aurelis.gateway.pipeline.Exchanges}, and its steps: request validation, access,
 * privacy, spend, the provider call with stream relaying, error answers and settlement into the ledger.
 */
package dev.aurelis.gateway.pipeline;
