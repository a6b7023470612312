/** The OpenAI- and Anthropic-compatible HTTP endpoints: exchanges go to the pipeline, model lists and token counts are answered here. */
package dev.aurelis.gateway.endpoints;
