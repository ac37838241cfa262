package io.sanke.scheduler.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sanke.scheduler.api.Conflict;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit log ({@code sanke:sched:audit}).
 *
 * @param id         the stream entry id (set when read back, {@code null} when written)
 * @param who        the token subject, or {@code system}
 * @param action     {@code create}, {@code update}, {@code delete}, {@code import}, {@code seed},
 *                   or a session action ({@code session.start}, {@code session.end}, …)
 * @param entity     the kind ({@code pairings}, {@code sessions}, …)
 * @param before     the entity before, or {@code null}
 * @param after      the entity after, or {@code null}
 * @param summary    one readable line
 * @param overridden conflicts a coordinator accepted with {@code ?force=true} (empty otherwise)
 */
public record AuditEntry(String id, Instant at, String who, String action, String entity, String entityId,
                         JsonNode before, JsonNode after, String summary, List<Conflict> overridden) {
    public AuditEntry {
        overridden = overridden == null ? List.of() : List.copyOf(overridden);
    }

    AuditEntry withId(String streamId) {
        return new AuditEntry(streamId, at, who, action, entity, entityId, before, after, summary, overridden);
    }
}
