package io.sanke.scheduler.lifecycle;

import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.server.SchedulerConfig;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.SchedulerStore;
import io.sanke.scheduler.store.SchedulerStore.Change;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Moves lesson sessions through their lifecycle on an injected {@link Clock}:
 * <pre>
 * SCHEDULED ──scheduledStart - open-lead──► OPEN ──start (teacher)──► LIVE ──end (teacher)──► ENDED
 *     │                                       │                        └──scheduledEnd + overrun──► ENDED (overrun)
 *     │                                       └──scheduledStart + missed-after, nobody started──► MISSED
 *     └──────────── cancel (coordinator) ─────┴──► CANCELLED
 * </pre>
 * {@link #tick()} does the automatic part (materialise the rolling window, open, miss,
 * end overruns); the start/end/cancel methods are the manual part. Each transition
 * emits its event on {@code sanke:lesson-events}. Does not own a timer: the verticle
 * calls {@link #tick()}, tests call it with a fake clock.
 */
public final class LessonLifecycle {
    /** How far back the tick looks for sessions still OPEN or LIVE. */
    private static final Duration LOOK_BACK = Duration.ofDays(2);

    private final SchedulerStore store;
    private final Clock clock;
    private final SchedulerConfig config;
    /** The plan and day last materialised: the window is rewritten only when either changes. */
    private volatile Plan materializedPlan;
    private volatile LocalDate materializedDay;

    /** What one tick did. */
    public record TickResult(int materialized, int transitions) {
    }

    public LessonLifecycle(SchedulerStore store, Clock clock, SchedulerConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Materialises today .. today + window (when the plan or the day changed since the
     * last time), then applies every automatic transition due now.
     */
    public Future<TickResult> tick() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, SessionCalendar.ZONE);
        Plan plan = store.plan();
        Future<Integer> materialized = plan == materializedPlan && today.equals(materializedDay)
                ? Future.succeededFuture(0)
                : store.materialize(today, today.plusDays(config.windowDays())).onSuccess(n -> {
                    materializedPlan = plan;
                    materializedDay = today;
                });
        return materialized
                .compose(written -> store.sweep(now.minus(LOOK_BACK), now.plus(config.openLead()).plusMillis(1),
                                s -> automatic(s, now))
                        .map(changed -> new TickResult(written, changed)));
    }

    private Change automatic(LessonSession s, Instant now) {
        return switch (s.state()) {
            case SCHEDULED, OPEN -> {
                if (!now.isBefore(s.scheduledStart().plus(config.missedAfter()))) {
                    yield new Change(s.withState(SessionState.MISSED), LessonEvent.MISSED, "nobody-started", "session.missed");
                }
                if (s.state() == SessionState.SCHEDULED && !now.isBefore(s.scheduledStart().minus(config.openLead()))) {
                    yield new Change(s.withState(SessionState.OPEN), LessonEvent.OPENING, null, "session.open");
                }
                yield null;
            }
            case LIVE -> !now.isBefore(s.scheduledEnd().plus(config.overrun()))
                    ? new Change(s.ended(now), LessonEvent.ENDED, "overrun", "session.end")
                    : null;
            default -> null;
        };
    }

    /** The master teacher (or a coordinator) starts an OPEN lesson, early or on time. */
    public Future<LessonSession> start(String sessionId, Actor who) {
        return store.transition(sessionId, who, s -> {
            mayConduct(s, who);
            if (s.state() != SessionState.OPEN) {
                throw wrongState(s, "start", "OPEN");
            }
            return new Change(s.started(clock.instant()), LessonEvent.STARTED, null, "session.start");
        });
    }

    /** The master teacher (or a coordinator) ends a LIVE lesson, also after its scheduled end (拖堂). */
    public Future<LessonSession> end(String sessionId, Actor who) {
        return store.transition(sessionId, who, s -> {
            mayConduct(s, who);
            if (s.state() != SessionState.LIVE) {
                throw wrongState(s, "end", "LIVE");
            }
            return new Change(s.ended(clock.instant()), LessonEvent.ENDED, null, "session.end");
        });
    }

    /** A coordinator cancels a lesson that has not started. */
    public Future<LessonSession> cancel(String sessionId, Actor who, String reason) {
        return store.transition(sessionId, who, s -> {
            if (!who.isCoordinator()) {
                throw new SchedulerException("forbidden", 403, "only a coordinator may cancel a lesson [id:" + sessionId + "]");
            }
            if (s.state() != SessionState.SCHEDULED && s.state() != SessionState.OPEN) {
                throw wrongState(s, "cancel", "SCHEDULED or OPEN");
            }
            return new Change(s.withState(SessionState.CANCELLED), LessonEvent.CANCELLED, reason, "session.cancel");
        });
    }

    private void mayConduct(LessonSession s, Actor who) {
        if (who.isCoordinator()) {
            return;
        }
        Pairing pairing = store.plan().pairings().get(s.pairingId());
        boolean own = Actor.TEACHER.equals(who.role()) && pairing != null && who.teacherId() != null
                && who.teacherId().equals(pairing.masterTeacherId());
        if (!own) {
            throw new SchedulerException("forbidden", 403,
                    "only the master teacher of the lesson or a coordinator may do this [id:" + s.id() + "]");
        }
    }

    private static SchedulerException wrongState(LessonSession s, String action, String expected) {
        return new SchedulerException("invalid_state", 409, "cannot " + action + " a " + s.state()
                + " lesson, it must be " + expected + " [id:" + s.id() + "]");
    }
}
