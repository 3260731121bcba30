package dev.mlops.registry;

/**
 * One change of an alias, as kept in its history.
 *
 * @param alias       the alias
 * @param action      "set", "delete" or "rollback"
 * @param fromVersion the version it pointed at before, or null
 * @param toVersion   the version it points at after, or null (deleted)
 * @param timestamp   when, in epoch milliseconds
 */
public record AliasEvent(String alias, String action, Integer fromVersion, Integer toVersion, long timestamp) {
}
