/** Translation between the OpenAI and Anthropic wire formats (requests, responses and streams). */
@org.springframework.modulith.NamedInterface("translation")
package dev.aurelis.providers.translation;
