package io.sanke.recorder.review;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecorderException;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.scheduler.api.RecordingEvent;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The review workflow: a reviewer publishes a recording pending review, or rejects it
 * with a reason; every decision is audited, and publishing emits the PUBLISHED
 * {@link RecordingEvent} the scheduler's recording coverage counts. Retention removes
 * the media of rejected recordings {@code rejectedRetention} after the decision.
 * Roles are enforced here, not only in the HTTP layer. Does not decide visibility of
 * searches (the catalog does) and does not hand out media URLs.
 */
public final class ReviewService {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);
    private static final int MAX_REASON = 500;

    private final Catalog catalog;
    private final S3Repository repository;
    private final Clock clock;
    private final Duration rejectedRetention;

    public ReviewService(Catalog catalog, S3Repository repository, Clock clock, Duration rejectedRetention) {
        this.catalog = catalog;
        this.repository = repository;
        this.clock = clock;
        this.rejectedRetention = rejectedRetention;
    }

    /** PENDING_REVIEW → PUBLISHED, by a reviewer; emits RecordingEvent PUBLISHED. */
    public Future<Recording> publish(String id, Caller who) {
        return decide(id, who, RecordingState.PUBLISHED, null);
    }

    /** PENDING_REVIEW → REJECTED with a reason (required, ≤ 500 characters), by a reviewer. */
    public Future<Recording> reject(String id, Caller who, String reason) {
        if (reason == null || reason.isBlank()) {
            return Future.failedFuture(RecorderException.invalid("a rejection needs a reason (驳回需填写原因)"));
        }
        if (reason.length() > MAX_REASON) {
            return Future.failedFuture(RecorderException.invalid("reason longer than " + MAX_REASON + " characters"));
        }
        return decide(id, who, RecordingState.REJECTED, reason.strip());
    }

    private Future<Recording> decide(String id, Caller who, RecordingState target, String reason) {
        if (!who.isReviewer()) {
            return Future.failedFuture(RecorderException.forbidden(
                    "only reviewers may publish or reject recordings [role:" + who.role() + "]"));
        }
        Instant now = clock.instant();
        return catalog.update(id, r -> {
            if (!r.state().canMoveTo(target) || r.state() != RecordingState.PENDING_REVIEW) {
                throw RecorderException.invalidState(id, r.state(), target);
            }
            return r.decided(target, reason, who.subject(), now);
        }, (before, after) -> List.of(
                Catalog.auditOp(catalog.audit(who.subject(), who.role(),
                        target == RecordingState.PUBLISHED ? "recording.published" : "recording.rejected",
                        id, before.state(), after.state(), reason)),
                RecordingEvents.of(target == RecordingState.PUBLISHED ? RecordingEvent.Type.PUBLISHED
                        : RecordingEvent.Type.REJECTED, after, now)));
    }

    /**
     * Removes the media (raw capture and transcoded output) of recordings rejected
     * more than the retention ago; keeps their catalog entry and metadata, marked
     * {@code mediaRemoved}, and audits each removal. Blocking (S3): call it off the
     * event loop. Answers how many recordings were cleared.
     */
    public int sweepRejected() {
        Instant cutoff = clock.instant().minus(rejectedRetention);
        List<String> ids = catalog.enteredBefore(RecordingState.REJECTED, cutoff).await();
        int cleared = 0;
        for (String id : ids) {
            Recording r = catalog.get(id).await();
            if (r == null || r.mediaRemoved() || r.state() != RecordingState.REJECTED) {
                continue;
            }
            int removed = repository.deletePrefix(Keys.media(id)) + repository.deletePrefix(Keys.raw(id));
            Instant now = clock.instant();
            catalog.update(id, x -> x.mediaRemoved(now), (before, after) -> List.of(Catalog.auditOp(
                    catalog.audit("system", "system", "retention.media-removed", id, before.state(), after.state(),
                            removed + " objects removed after " + rejectedRetention)))).await();
            LOG.info("retention: removed {} objects of rejected recording [id:{}]", removed, id);
            cleared++;
        }
        return cleared;
    }
}
