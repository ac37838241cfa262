package io.sanke.recorder.catalog;

import java.time.Instant;

/**
 * One audited decision about a recording: publish, reject, retention removal,
 * failure, manual start/stop.
 *
 * @param who  the token subject, or {@code system}
 * @param role the actor's role
 */
public record AuditRecord(String id, Instant at, String who, String role, String action, String recordingId,
                          String from, String to, String reason) {
}
