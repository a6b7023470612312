/** Reading upstream HTTP responses as they stream in, without losing the bytes that arrived before a failure. */
package dev.aurelis.providers.http;
