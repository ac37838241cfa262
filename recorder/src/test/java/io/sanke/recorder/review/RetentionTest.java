package io.sanke.recorder.review;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecorderException;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.RecorderParts;
import io.sanke.scheduler.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-07T02:00:00Z"));
    private final Caller reviewer = new Caller("u-review", Caller.REVIEWER, null);

    /** A recording pending review with media in the repository. */
    private Recording pending(RecorderParts p) {
        Recording r = Lessons.recorded(p.control, p.catalog, "e1@2026-09-07", clock.instant());
        p.repo.putString(Keys.media(r.id()) + "master.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl");
        p.repo.putString(Keys.media(r.id()) + "360p/seg-00000.ts", "x".repeat(1000), "video/mp2t");
        return p.catalog.update(r.id(), x -> x.withState(RecordingState.PROCESSING, null, clock.instant())
                .withState(RecordingState.PENDING_REVIEW, null, clock.instant()), (a, b) -> List.of()).await();
    }

    @Test
    @DisplayName("rejected media is removed only after the retention, the entry stays, the removal is audited")
    void rejectedMediaRemovedAfterRetention() throws Exception {
        try (RecorderParts p = new RecorderParts(clock)) {
            ReviewService review = new ReviewService(p.catalog, p.repo, clock, Duration.ofDays(30));
            Recording r = pending(p);
            Recording rejected = review.reject(r.id(), reviewer, "画面黑屏，无法使用").await();
            assertEquals(RecordingState.REJECTED, rejected.state());
            assertEquals("画面黑屏，无法使用", rejected.reason());
            assertEquals("u-review", rejected.decidedBy());

            clock.advance(Duration.ofDays(29));
            assertEquals(0, review.sweepRejected());
            assertFalse(p.repo.list(Keys.media(r.id())).isEmpty(), "kept during the retention");

            clock.advance(Duration.ofDays(2));
            assertEquals(1, review.sweepRejected());
            assertEquals(List.of(), p.repo.list(Keys.media(r.id())));
            assertEquals(List.of(), p.repo.list(Keys.raw(r.id())));
            assertTrue(p.repo.sizeOf(Keys.metadata(r.id())).isPresent(), "metadata stays beside the (gone) media");
            Recording after = p.catalog.get(r.id()).await();
            assertTrue(after.mediaRemoved());
            assertEquals(RecordingState.REJECTED, after.state());
            assertEquals("retention.media-removed", p.catalog.auditLog(r.id(), 5).await().getFirst().action());
            assertEquals(0, review.sweepRejected(), "a second sweep finds nothing");
        }
    }

    @Test
    @DisplayName("review decisions are refused to other roles, from other states and without a reason, changing nothing")
    void decisionsAreGuarded() throws Exception {
        try (RecorderParts p = new RecorderParts(clock)) {
            ReviewService review = new ReviewService(p.catalog, p.repo, clock, Duration.ofDays(30));
            Recording recorded = Lessons.recorded(p.control, p.catalog, "e2@2026-09-07", clock.instant());
            RecorderException early = assertInstanceOf(RecorderException.class,
                    assertThrows(Exception.class, () -> review.publish(recorded.id(), reviewer).await()));
            assertEquals("invalid_state", early.code());

            Recording r = pending(p);
            for (String role : List.of(Caller.VIEWER, Caller.TEACHER, Caller.COORDINATOR)) {
                RecorderException e = assertInstanceOf(RecorderException.class, assertThrows(Exception.class,
                        () -> review.publish(r.id(), new Caller("u", role, "t-master")).await()));
                assertEquals(403, e.status());
            }
            RecorderException blank = assertInstanceOf(RecorderException.class,
                    assertThrows(Exception.class, () -> review.reject(r.id(), reviewer, "   ").await()));
            assertEquals("invalid", blank.code());
            assertEquals(RecordingState.PENDING_REVIEW, p.catalog.get(r.id()).await().state());
            assertEquals(RecordingState.PUBLISHED, review.publish(r.id(), reviewer).await().state());
        }
    }
}
