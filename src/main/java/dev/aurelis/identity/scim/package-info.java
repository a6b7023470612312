/**
 * SCIM 2.0 (RFC 7643, RFC 7644) provisioning of users and groups (teams) for identity providers such as Okta
 * and Microsoft Entra ID: resources, filters, PATCH, discovery and error bodies.
 */
package dev.aurelis.identity.scim;
