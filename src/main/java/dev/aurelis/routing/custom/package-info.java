/** The store, admin operations and endpoints of an organisation's own models and model variants (ADR 0071). */
package dev.aurelis.routing.custom;
