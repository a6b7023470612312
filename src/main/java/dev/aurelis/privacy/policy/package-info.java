/** How findings become decisions: policies by scope, exclusions and class rules by repository and path, placeholders. */
package dev.aurelis.privacy.policy;
