package io.sanke.scheduler.store;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.rules.ConflictChecker;
import io.sanke.scheduler.server.Scheduler;
import io.sanke.scheduler.server.SchedulerConfig;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerStoreTest {
    private final Actor coordinator = new Actor("u-coord", Actor.COORDINATOR, null);
    private final MutableClock clock = MutableClock.at(Fixtures.MONDAY + "T07:00");
    private RedisProcess redisServer;
    private Vertx vertx;
    private SchedulerConfig config;
    private Redis redis;

    @BeforeEach
    void start() {
        redisServer = RedisProcess.start();
        vertx = Vertx.vertx();
        config = Fixtures.config(redisServer);
        redis = Scheduler.redis(vertx, config);
    }

    @AfterEach
    void stop() {
        await(redis.close());
        await(vertx.close());
        redisServer.close();
    }

    private SchedulerStore newStore() {
        SchedulerStore store = new SchedulerStore(redis, clock, new ConflictChecker(), 1000);
        await(store.load());
        return store;
    }

    static <T> T await(Future<T> f) {
        try {
            return f.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_plan_written_through_one_store_is_read_back_whole_by_another() {
        Plan plan = Fixtures.plan();
        assertTrue(await(newStore().seedIfEmpty(plan, List.of(), List.of(), Actor.SYSTEM)));

        Plan loaded = newStore().plan();

        assertEquals(plan, loaded);
    }

    @Test
    void seeding_a_store_that_holds_a_plan_changes_nothing() {
        SchedulerStore store = newStore();
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        Plan other = Fixtures.county().school("s-extra", "多余学校", "county", io.sanke.scheduler.api.SchoolKind.VILLAGE, true).plan();

        assertEquals(false, await(store.seedIfEmpty(other, List.of(), List.of(), Actor.SYSTEM)));
        assertEquals(Fixtures.plan(), newStore().plan());
    }

    @Test
    void the_plan_and_sessions_survive_a_redis_restart_through_the_append_only_file() {
        SchedulerStore store = newStore();
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        await(store.save(EntityKind.CLASSROOMS, new Classroom("l3", "s-v1", "三号教室", ClassroomKind.LISTENING, false, 2000, 4000),
                true, coordinator, false));
        await(store.materialize(LocalDate.parse(Fixtures.MONDAY), LocalDate.parse(Fixtures.MONDAY)));
        await(redis.close());

        redisServer = redisServer.restart();
        redis = Scheduler.redis(vertx, config);
        SchedulerStore reloaded = newStore();

        assertEquals(store.plan(), reloaded.plan());
        assertTrue(reloaded.plan().classrooms().containsKey("l3"));
        LessonSession s = await(reloaded.session(Fixtures.SESSION));
        assertEquals(SessionState.SCHEDULED, s.state());
        assertEquals(1, await(reloaded.storedStarting(s.scheduledStart(), s.scheduledEnd())).size());
    }

    @Test
    void an_entity_referencing_an_unknown_id_is_refused_and_nothing_changes() {
        SchedulerStore store = newStore();
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        Classroom orphan = new Classroom("l9", "no-such-school", "孤儿教室", ClassroomKind.LISTENING, false, 100, 100);

        Throwable e = assertThrows(AssertionError.class, () -> await(store.save(EntityKind.CLASSROOMS, orphan, true, coordinator, false))).getCause();

        ValidationException v = assertInstanceOf(ValidationException.class, e);
        assertEquals("schoolId", v.field());
        assertEquals(422, v.httpStatus());
        assertEquals(Fixtures.plan(), newStore().plan());
        assertEquals(1, await(store.audit(0, 10)).total());
    }

    @Test
    void deleting_a_school_that_classrooms_still_use_is_refused_with_who_uses_it() {
        SchedulerStore store = newStore();
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));

        Throwable e = assertThrows(AssertionError.class, () -> await(store.delete(EntityKind.SCHOOLS, "s-v1", coordinator, false))).getCause();

        assertTrue(e.getMessage().contains("classrooms/l1.schoolId"), e.getMessage());
        assertEquals(Fixtures.plan(), newStore().plan());
    }

    @Test
    void every_change_is_audited_with_who_and_before_and_after_newest_first() {
        SchedulerStore store = newStore();
        await(store.seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        Classroom l1 = store.plan().classrooms().get("l1");
        Classroom bigger = new Classroom("l1", "s-v1", "一号教室", ClassroomKind.LISTENING, false, 5000, 20000);
        await(store.save(EntityKind.CLASSROOMS, bigger, false, coordinator, false));

        Page<AuditEntry> page = await(store.audit(0, 1));

        assertEquals(2, page.total());
        AuditEntry last = page.items().get(0);
        assertEquals("u-coord", last.who());
        assertEquals("update", last.action());
        assertEquals("l1", last.entityId());
        assertEquals(l1.name(), last.before().get("name").asText());
        assertEquals("一号教室", last.after().get("name").asText());
        assertEquals(clock.instant(), last.at());
        assertEquals("seed", await(store.audit(1, 1)).items().get(0).action());
    }
}
