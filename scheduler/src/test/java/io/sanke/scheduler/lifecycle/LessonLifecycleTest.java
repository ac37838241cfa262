package io.sanke.scheduler.lifecycle;

import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.rules.ConflictChecker;
import io.sanke.scheduler.server.Scheduler;
import io.sanke.scheduler.server.SchedulerConfig;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.store.RedisKeys;
import io.sanke.scheduler.store.SchedulerStore;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonLifecycleTest {
    private final MutableClock clock = MutableClock.at(Fixtures.MONDAY + "T07:00");
    private final Actor coordinator = new Actor("u-coord", Actor.COORDINATOR, null);
    private final Actor master = new Actor("u-master", Actor.TEACHER, "t-master");
    private final Actor other = new Actor("u-other", Actor.TEACHER, "t-other");
    private RedisProcess redisServer;
    private Vertx vertx;
    private Redis redis;
    private SchedulerConfig config;
    private SchedulerStore store;
    private LessonLifecycle lifecycle;

    @BeforeEach
    void start() {
        redisServer = RedisProcess.start();
        vertx = Vertx.vertx();
        config = Fixtures.config(redisServer);
        redis = Scheduler.redis(vertx, config);
        store = new SchedulerStore(redis, clock, new ConflictChecker(), config.eventsMaxLength());
        await(store.load());
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        lifecycle = new LessonLifecycle(store, clock, config);
    }

    @AfterEach
    void stop() {
        await(redis.close());
        await(vertx.close());
        redisServer.close();
    }

    static <T> T await(Future<T> f) {
        try {
            return f.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private SessionState state() {
        return await(store.session(Fixtures.SESSION)).state();
    }

    private List<LessonEvent> events() {
        Response all = await(redis.send(Request.cmd(Command.XRANGE).arg(RedisKeys.LESSON_EVENTS).arg("-").arg("+")));
        List<LessonEvent> out = new ArrayList<>();
        for (Response entry : all) {
            Response fields = entry.get(1);
            Map<String, String> map = new java.util.HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
            try {
                LessonEvent e = Json.MAPPER.readValue(map.get("payload"), LessonEvent.class);
                assertEquals(e.type(), map.get("type"));
                assertEquals(e.sessionId(), map.get("sessionId"));
                out.add(e);
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
        }
        return out;
    }

    private List<String> eventTypes() {
        return events().stream().map(LessonEvent::type).toList();
    }

    @Test
    void a_tick_materialises_the_window_and_opens_a_lesson_exactly_at_its_lead_time() {
        clock.set(Fixtures.MONDAY + "T07:44:59");
        LessonLifecycle.TickResult first = await(lifecycle.tick());
        assertTrue(first.materialized() >= 1, "sessions of today .. +7 days are written");
        assertEquals(SessionState.SCHEDULED, state());
        assertEquals(List.of(), eventTypes());

        clock.set(Fixtures.MONDAY + "T07:45");
        assertEquals(1, await(lifecycle.tick()).transitions());

        assertEquals(SessionState.OPEN, state());
        assertEquals(List.of(LessonEvent.OPENING), eventTypes());
    }

    @Test
    void the_opening_event_carries_the_session_the_pairing_and_every_participant_with_its_role() {
        clock.set(Fixtures.MONDAY + "T07:45");
        await(lifecycle.tick());

        LessonEvent e = events().get(0);

        assertEquals(Fixtures.SESSION, e.sessionId());
        assertEquals(SessionState.OPEN, e.session().state());
        assertEquals("p1", e.pairing().id());
        Map<Participant.Role, List<String>> byRole = e.participants().stream().collect(Collectors.groupingBy(
                Participant::role, Collectors.mapping(Participant::id, Collectors.toList())));
        assertEquals(List.of("t-master"), byRole.get(Participant.Role.MASTER_TEACHER));
        assertEquals(List.of("m1"), byRole.get(Participant.Role.MASTER_CLASSROOM));
        assertEquals(List.of("l1", "l2"), byRole.get(Participant.Role.LISTENING_CLASSROOM));
        assertEquals(List.of("t-a1", "t-a2"), byRole.get(Participant.Role.ASSISTANT_TEACHER));
        assertTrue(e.participants().stream().anyMatch(p -> p.role() == Participant.Role.ASSISTANT_TEACHER
                && p.id().equals("t-a2") && p.classroomId().equals("l2")));
    }

    @Test
    void an_open_lesson_nobody_starts_is_missed_ten_minutes_after_its_start_and_not_before() {
        clock.set(Fixtures.MONDAY + "T07:45");
        await(lifecycle.tick());
        clock.set(Fixtures.MONDAY + "T08:09:59");
        await(lifecycle.tick());
        assertEquals(SessionState.OPEN, state());

        clock.set(Fixtures.MONDAY + "T08:10");
        await(lifecycle.tick());

        assertEquals(SessionState.MISSED, state());
        assertEquals(List.of(LessonEvent.OPENING, LessonEvent.MISSED), eventTypes());
        assertEquals("nobody-started", events().get(1).reason());
    }

    @Test
    void a_lesson_whose_opening_passed_while_the_scheduler_was_down_goes_straight_to_missed() {
        clock.set(Fixtures.MONDAY + "T09:00");

        await(lifecycle.tick());

        assertEquals(SessionState.MISSED, state());
        assertEquals(List.of(LessonEvent.MISSED), eventTypes());
    }

    @Test
    void the_master_teacher_may_start_early_and_end_late_and_the_tick_leaves_the_live_lesson_alone() {
        clock.set(Fixtures.MONDAY + "T07:50");
        await(lifecycle.tick());
        LessonSession live = await(lifecycle.start(Fixtures.SESSION, master));
        assertEquals(SessionState.LIVE, live.state());
        assertEquals(clock.instant(), live.actualStart());

        clock.set(Fixtures.MONDAY + "T09:10"); // 拖堂: 25 minutes after the scheduled end
        await(lifecycle.tick());
        assertEquals(SessionState.LIVE, state(), "not missed, not auto-ended before the overrun");
        LessonSession ended = await(lifecycle.end(Fixtures.SESSION, master));

        assertEquals(SessionState.ENDED, ended.state());
        assertEquals(clock.instant(), ended.actualEnd());
        assertEquals(List.of(LessonEvent.OPENING, LessonEvent.STARTED, LessonEvent.ENDED), eventTypes());
    }

    @Test
    void a_live_lesson_is_ended_with_a_reason_once_the_overrun_has_passed() {
        clock.set(Fixtures.MONDAY + "T07:50");
        await(lifecycle.tick());
        await(lifecycle.start(Fixtures.SESSION, coordinator));

        clock.set(Fixtures.MONDAY + "T09:44:59");
        await(lifecycle.tick());
        assertEquals(SessionState.LIVE, state());
        clock.set(Fixtures.MONDAY + "T09:45");
        await(lifecycle.tick());

        assertEquals(SessionState.ENDED, state());
        LessonEvent last = events().getLast();
        assertEquals(LessonEvent.ENDED, last.type());
        assertEquals("overrun", last.reason());
    }

    @Test
    void a_lesson_cannot_be_started_before_it_opens() {
        clock.set(Fixtures.MONDAY + "T07:00");
        await(lifecycle.tick());

        Throwable e = assertThrows(AssertionError.class, () -> await(lifecycle.start(Fixtures.SESSION, master))).getCause();

        assertEquals(409, assertInstanceOf(SchedulerException.class, e).httpStatus());
        assertEquals(SessionState.SCHEDULED, state());
    }

    @Test
    void another_teacher_can_neither_start_nor_end_the_lesson() {
        clock.set(Fixtures.MONDAY + "T07:50");
        await(lifecycle.tick());

        Throwable e = assertThrows(AssertionError.class, () -> await(lifecycle.start(Fixtures.SESSION, other))).getCause();
        assertEquals(403, assertInstanceOf(SchedulerException.class, e).httpStatus());
        await(lifecycle.start(Fixtures.SESSION, master));
        e = assertThrows(AssertionError.class, () -> await(lifecycle.end(Fixtures.SESSION, other))).getCause();

        assertEquals(403, assertInstanceOf(SchedulerException.class, e).httpStatus());
        assertEquals(SessionState.LIVE, state());
    }

    @Test
    void a_coordinator_cancels_a_lesson_ahead_of_time_and_the_tick_never_opens_it() {
        clock.set(Fixtures.MONDAY + "T06:00");
        await(lifecycle.tick());
        Throwable e = assertThrows(AssertionError.class, () -> await(lifecycle.cancel(Fixtures.SESSION, master, null))).getCause();
        assertEquals(403, assertInstanceOf(SchedulerException.class, e).httpStatus());

        LessonSession cancelled = await(lifecycle.cancel(Fixtures.SESSION, coordinator, "暴雨停课"));
        clock.set(Fixtures.MONDAY + "T07:45");
        await(lifecycle.tick());

        assertEquals(SessionState.CANCELLED, cancelled.state());
        assertEquals(SessionState.CANCELLED, state());
        assertEquals(List.of(LessonEvent.CANCELLED), eventTypes());
        assertEquals("暴雨停课", events().get(0).reason());
    }

    @Test
    void a_lesson_beyond_the_window_can_be_cancelled_and_materialising_keeps_its_state() {
        String later = "e1@2026-09-28";
        await(lifecycle.cancel(later, coordinator, null));

        clock.set("2026-09-27T08:00");
        await(lifecycle.tick());

        assertEquals(SessionState.CANCELLED, await(store.session(later)).state());
    }

    @Test
    void a_timetable_edit_moves_still_scheduled_sessions_at_the_next_tick_and_an_unchanged_plan_writes_nothing() {
        clock.set(Fixtures.MONDAY + "T06:00");
        await(lifecycle.tick());
        assertEquals(0, await(lifecycle.tick()).materialized(), "same plan, same day: nothing rewritten");
        io.sanke.scheduler.api.TimetableEntry e1 = store.plan().entries().get("e1");
        await(store.save(io.sanke.scheduler.store.EntityKind.TIMETABLE, new io.sanke.scheduler.api.TimetableEntry(
                "e1", e1.termId(), e1.pairingId(), e1.weekday(), 2, java.time.LocalTime.of(9, 0), java.time.LocalTime.of(9, 45),
                e1.recurrence(), e1.from(), e1.until()), false, coordinator, false));

        assertTrue(await(lifecycle.tick()).materialized() >= 1);

        LessonSession moved = await(store.session(Fixtures.SESSION));
        assertEquals(Instant.parse("2026-09-07T01:00:00Z"), moved.scheduledStart());
        clock.set(Fixtures.MONDAY + "T07:45");
        await(lifecycle.tick());
        assertEquals(SessionState.SCHEDULED, state(), "opens at 08:45 now, not 07:45");
    }

    @Test
    void a_published_recording_marks_its_session_recorded_and_is_kept_for_coverage() {
        RecordingConsumer consumer = new RecordingConsumer(redis, store, "scheduler-test", Duration.ZERO);
        await(consumer.start());
        RecordingEvent published = new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-1", Fixtures.SESSION, "m1",
                Instant.parse("2026-09-07T02:00:00Z"));
        xadd(new RecordingEvent(RecordingEvent.Type.STARTED, "rec-1", Fixtures.SESSION, "m1", Instant.parse("2026-09-07T00:00:00Z")));
        xadd(published);
        await(redis.send(Request.cmd(Command.XADD).arg(RedisKeys.RECORDING_EVENTS).arg("*").arg("event").arg("{not json")));

        assertEquals(3, await(consumer.poll()));

        assertTrue(await(store.session(Fixtures.SESSION)).recorded());
        assertEquals(List.of(published), await(store.publishedRecordings()));
        assertEquals(1, consumer.malformed());
        Response pending = await(redis.send(Request.cmd(Command.XPENDING).arg(RedisKeys.RECORDING_EVENTS).arg(RedisKeys.RECORDING_GROUP)));
        assertEquals(0, pending.get(0).toInteger(), "every entry acknowledged");
    }

    @Test
    void recording_events_left_pending_by_a_dead_consumer_are_claimed_and_applied_at_start() {
        await(new RecordingConsumer(redis, store, "scheduler-a", Duration.ZERO).start());
        xadd(new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-2", Fixtures.SESSION, "m1", Instant.parse("2026-09-07T02:00:00Z")));
        // consumer "dead" reads the entry and dies before acknowledging it
        await(redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RedisKeys.RECORDING_GROUP).arg("dead")
                .arg("STREAMS").arg(RedisKeys.RECORDING_EVENTS).arg(">")));
        assertTrue(!await(store.session(Fixtures.SESSION)).recorded());

        int applied = await(new RecordingConsumer(redis, store, "scheduler-b", Duration.ZERO).start());

        assertEquals(1, applied);
        assertTrue(await(store.session(Fixtures.SESSION)).recorded());
    }

    @Test
    void the_recorded_flag_and_state_survive_later_ticks() {
        clock.set(Fixtures.MONDAY + "T07:50");
        await(lifecycle.tick());
        await(lifecycle.start(Fixtures.SESSION, master));
        await(store.applyRecording(new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-3", Fixtures.SESSION, "m1", clock.instant())));

        await(lifecycle.tick());

        LessonSession s = await(store.session(Fixtures.SESSION));
        assertEquals(SessionState.LIVE, s.state());
        assertTrue(s.recorded());
        assertNull(s.actualEnd());
    }

    private void xadd(RecordingEvent e) {
        await(redis.send(Request.cmd(Command.XADD).arg(RedisKeys.RECORDING_EVENTS).arg("*").arg("event").arg(Json.write(e))));
    }
}
