/** Calling providers over HTTP: the pooled client and answers read as they stream in. */
package dev.aurelis.providers.http;
