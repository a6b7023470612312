package dev.aurelis.workspaces;

/**
 * One item a member shares: a new version of it, or its removal ({@code content} null).
 *
 * @param name the snippet's name; empty for kinds that are one item each
 */
public record ContextShare(ContextKind kind, String name, String content) {
}
