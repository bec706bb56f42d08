package shopsync.events;

/**
 * A request that will not succeed as it is: the request itself (or, when it could not even be built, the
 * entity it concerns), why, the CRM's last answer and the attempt history.
 */
public record DeadLetter(String target, String entityId, SyncRequest request, String reason, String lastResponse,
                         int attempts, long firstFailureMs, long lastFailureMs) {}
