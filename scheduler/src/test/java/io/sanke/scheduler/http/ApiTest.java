package io.sanke.scheduler.http;

import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.server.Scheduler;
import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.store.RedisKeys;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ApiTest {
    private final MutableClock clock = MutableClock.at(Fixtures.MONDAY + "T07:00");
    private RedisProcess redisServer;
    private Scheduler scheduler;
    private WebClient client;
    private Redis redis;
    private String coordinator;
    private String viewer;
    private String masterTeacher;
    private String otherTeacher;

    @BeforeEach
    void start(Vertx vertx) {
        redisServer = RedisProcess.start();
        scheduler = await(Scheduler.start(vertx, Fixtures.config(redisServer), clock, false));
        await(scheduler.store().seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM));
        redis = Scheduler.redis(vertx, Fixtures.config(redisServer));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(scheduler.httpPort()));
        TokenIssuer tokens = scheduler.tokens();
        coordinator = tokens.coordinator("u-coord", "县教育局 张老师");
        viewer = tokens.viewer("u-view", "督导");
        masterTeacher = tokens.teacher("u-master", "主讲 李老师", "t-master");
        otherTeacher = tokens.teacher("u-other", "其他 王老师", "t-other");
    }

    @AfterEach
    void stop() {
        client.close();
        await(redis.close());
        await(scheduler.stop());
        redisServer.close();
    }

    static <T> T await(Future<T> f) {
        try {
            return f.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpRequest<Buffer> req(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> r = client.request(method, "/api/v1" + path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return r;
    }

    private HttpResponse<Buffer> get(String path, String token) {
        return await(req(HttpMethod.GET, path, token).send());
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body) {
        return await(req(method, path, token).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        return send(HttpMethod.POST, path, token, body.encode());
    }

    /** Everything the API shows: every list and the audit length, to compare before/after. */
    private String everything() {
        StringBuilder sb = new StringBuilder();
        for (String kind : List.of("regions", "schools", "classrooms", "teachers", "pairings", "terms", "timetable")) {
            sb.append(get("/" + kind + "?limit=500", coordinator).bodyAsString()).append('\n');
        }
        sb.append(get("/audit?limit=1", coordinator).bodyAsJsonObject().getLong("total"));
        sb.append(get("/sessions?from=2026-09-01&to=2026-09-30&limit=500", coordinator).bodyAsString());
        return sb.toString();
    }

    private static JsonObject classroom(String id) {
        return new JsonObject().put("id", id).put("schoolId", "s-v1").put("name", "新教室").put("kind", "LISTENING")
                .put("recordingCapable", false).put("uplinkKbps", 2000).put("downlinkKbps", 4000);
    }

    private static JsonObject error(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void a_coordinator_creates_reads_pages_updates_and_deletes_schools(Vertx vertx, VertxTestContext tc) {
        JsonObject school = new JsonObject().put("id", "s-new").put("name", "赵家村教学点").put("regionId", "county")
                .put("kind", "VILLAGE").put("teachingPoint", true);
        req(HttpMethod.POST, "/schools", coordinator).sendJsonObject(school)
                .compose(created -> {
                    tc.verify(() -> assertEquals(201, created.statusCode(), created.bodyAsString()));
                    return req(HttpMethod.GET, "/schools?offset=1&limit=2", viewer).send();
                })
                .compose(page -> {
                    tc.verify(() -> {
                        JsonObject body = page.bodyAsJsonObject();
                        assertEquals(4, body.getInteger("total"));
                        assertEquals(1, body.getInteger("offset"));
                        assertEquals(2, body.getInteger("limit"));
                        assertEquals(List.of("s-urban", "s-v1"), body.getJsonArray("items").stream()
                                .map(o -> ((JsonObject) o).getString("id")).toList());
                    });
                    return req(HttpMethod.PUT, "/schools/s-new", coordinator).sendJsonObject(school.copy().put("name", "赵家村小学"));
                })
                .compose(updated -> {
                    tc.verify(() -> assertEquals(200, updated.statusCode(), updated.bodyAsString()));
                    return req(HttpMethod.GET, "/schools/s-new", viewer).send();
                })
                .compose(read -> {
                    tc.verify(() -> assertEquals("赵家村小学", read.bodyAsJsonObject().getString("name")));
                    return req(HttpMethod.DELETE, "/schools/s-new", coordinator).send();
                })
                .compose(deleted -> {
                    tc.verify(() -> assertEquals(204, deleted.statusCode()));
                    return req(HttpMethod.GET, "/schools/s-new", viewer).send();
                })
                .onComplete(tc.succeeding(gone -> tc.verify(() -> {
                    assertEquals(404, gone.statusCode());
                    assertEquals("not_found", error(gone).getString("code"));
                    tc.completeNow();
                })));
    }

    @Test
    void a_timetable_entry_that_double_books_gets_409_with_every_conflict_and_a_forced_one_is_audited() {
        JsonObject clash = new JsonObject().put("id", "e2").put("termId", "t-2026a").put("pairingId", "p1")
                .put("weekday", "MONDAY").put("period", 2).put("start", "08:30").put("end", "09:15").put("recurrence", "WEEKLY");
        String before = everything();

        HttpResponse<Buffer> refused = post("/timetable", coordinator, clash);

        assertEquals(409, refused.statusCode(), refused.bodyAsString());
        assertEquals("conflict", error(refused).getString("code"));
        JsonArray conflicts = refused.bodyAsJsonObject().getJsonArray("conflicts");
        List<String> kinds = conflicts.stream().map(o -> ((JsonObject) o).getString("kind")).distinct().sorted().toList();
        assertEquals(List.of("CLASSROOM_DOUBLE_BOOKED", "TEACHER_DOUBLE_BOOKED"), kinds);
        assertTrue(conflicts.size() >= 2 + 2, "master classroom, 2 listening rooms, master teacher, 2 assistants: " + conflicts);
        assertEquals(before, everything());

        HttpResponse<Buffer> forced = post("/timetable?force=true", coordinator, clash);

        assertEquals(201, forced.statusCode(), forced.bodyAsString());
        JsonObject audit = get("/audit?limit=1", viewer).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals("u-coord", audit.getString("who"));
        assertEquals("create", audit.getString("action"));
        assertEquals("e2", audit.getString("entityId"));
        assertEquals(conflicts.size(), audit.getJsonArray("overridden").size());
        assertFalse(get("/conflicts", viewer).bodyAsJsonObject().getJsonArray("items").isEmpty());
    }

    @Test
    void malformed_json_wrong_types_unknown_values_missing_fields_and_unknown_ids_are_refused_and_change_nothing() {
        String before = everything();

        HttpResponse<Buffer> malformed = send(HttpMethod.POST, "/classrooms", coordinator, "{\"id\": \"x\", ");
        assertEquals(400, malformed.statusCode());
        assertEquals("malformed_json", error(malformed).getString("code"));

        HttpResponse<Buffer> wrongType = post("/classrooms", coordinator, classroom("x").put("uplinkKbps", "fast"));
        assertEquals(400, wrongType.statusCode());
        assertEquals("uplinkKbps", error(wrongType).getString("field"));

        HttpResponse<Buffer> badEnum = post("/classrooms", coordinator, classroom("x").put("kind", "GYM"));
        assertEquals(400, badEnum.statusCode());
        assertEquals("kind", error(badEnum).getString("field"));

        JsonObject noName = classroom("x");
        noName.remove("name");
        HttpResponse<Buffer> missing = post("/classrooms", coordinator, noName);
        assertEquals(400, missing.statusCode());
        assertEquals("name", error(missing).getString("field"));

        HttpResponse<Buffer> unknownField = post("/classrooms", coordinator, classroom("x").put("colour", "red"));
        assertEquals(400, unknownField.statusCode());
        assertEquals("colour", error(unknownField).getString("field"));

        HttpResponse<Buffer> unknownRef = post("/classrooms", coordinator, classroom("x").put("schoolId", "nope"));
        assertEquals(422, unknownRef.statusCode());
        assertEquals("schoolId", error(unknownRef).getString("field"));

        HttpResponse<Buffer> unknownListening = post("/pairings", coordinator, new JsonObject().put("id", "p9")
                .put("masterClassroomId", "m1").put("masterTeacherId", "t-master").put("subject", "语文").put("grade", "二年级")
                .put("profile", "LOW").put("autoRecord", false)
                .put("listening", new JsonArray().add(new JsonObject().put("classroomId", "ghost").put("assistantTeacherId", "t-a1"))));
        assertEquals(422, unknownListening.statusCode(), unknownListening.bodyAsString());
        assertEquals("listening[0].classroomId", error(unknownListening).getString("field"));

        assertEquals(404, send(HttpMethod.PUT, "/classrooms/ghost", coordinator, classroom("ghost").encode()).statusCode());
        assertEquals("未找到该对象 [id:ghost]", error(get("/classrooms/ghost", viewer)).getString("message"), "zh-CN first");
        HttpResponse<Buffer> english = await(req(HttpMethod.GET, "/classrooms/ghost", viewer).putHeader("Accept-Language", "en-US").send());
        assertEquals("classroom not found [id:ghost]", error(english).getString("message"));
        assertEquals(404, get("/classrooms/ghost", viewer).statusCode());
        assertEquals(404, await(req(HttpMethod.DELETE, "/classrooms/ghost", coordinator).send()).statusCode());
        assertEquals(404, await(req(HttpMethod.POST, "/sessions/e1@2026-09-08/start", coordinator).send()).statusCode(),
                "e1 is a Monday lesson; there is no session on Tuesday");
        assertEquals(409, post("/classrooms", coordinator, classroom("l1")).statusCode(), "l1 exists already");
        assertEquals(409, await(req(HttpMethod.DELETE, "/schools/s-v1", coordinator).send()).statusCode(), "l1 is in s-v1");

        assertEquals(before, everything());
    }

    @Test
    void a_pairing_without_listening_classrooms_is_refused_naming_the_field() {
        String before = everything();
        JsonObject lonely = new JsonObject().put("id", "p8").put("masterClassroomId", "m1").put("masterTeacherId", "t-master")
                .put("subject", "美术").put("grade", "一年级").put("profile", "LOW").put("autoRecord", false);

        HttpResponse<Buffer> r = post("/pairings", coordinator, lonely);

        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertEquals("listening", error(r).getString("field"));
        assertEquals(before, everything());
        JsonObject term = new JsonObject().put("id", "t-spring").put("name", "2027 春季学期").put("start", "2027-02-22")
                .put("end", "2027-07-02");
        assertEquals(201, post("/terms", coordinator, term).statusCode(), "holidays and make-up days may be left out");
    }

    @Test
    void a_burst_of_concurrent_writes_is_applied_one_by_one_without_losing_any() {
        int n = 200;
        List<Future<HttpResponse<Buffer>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(req(HttpMethod.POST, "/classrooms", coordinator).sendJsonObject(classroom("burst-" + i)));
        }

        await(Future.all(all));

        assertTrue(all.stream().allMatch(f -> f.result().statusCode() == 201));
        assertEquals(3 + n, get("/classrooms?limit=1", viewer).bodyAsJsonObject().getInteger("total"));
        assertEquals(1 + n, get("/audit?limit=1", viewer).bodyAsJsonObject().getInteger("total"));
    }

    @Test
    void shrinking_a_listening_classroom_link_below_its_pairing_profile_is_a_conflict() {
        JsonObject slow = classroom("l1").put("name", "l1").put("downlinkKbps", 300);

        HttpResponse<Buffer> r = send(HttpMethod.PUT, "/classrooms/l1", coordinator, slow.encode());

        assertEquals(409, r.statusCode(), r.bodyAsString());
        assertEquals("DOWNLINK_TOO_LOW", r.bodyAsJsonObject().getJsonArray("conflicts").getJsonObject(0).getString("kind"));
        assertEquals(10_000, get("/classrooms/l1", viewer).bodyAsJsonObject().getInteger("downlinkKbps"));
    }

    @Test
    void a_body_over_one_mebibyte_gets_413_and_changes_nothing() {
        String before = everything();
        String big = classroom("big").put("name", "x".repeat(1024 * 1024 + 10)).encode();

        HttpResponse<Buffer> r = send(HttpMethod.POST, "/classrooms", coordinator, big);

        assertEquals(413, r.statusCode());
        assertEquals(before, everything());
    }

    @Test
    void viewers_read_but_cannot_write_and_bad_tokens_are_refused() {
        String before = everything();
        assertEquals(200, get("/schools", viewer).statusCode());
        HttpResponse<Buffer> r = post("/classrooms", viewer, classroom("v1"));
        assertEquals(403, r.statusCode());
        assertEquals("forbidden", error(r).getString("code"));
        assertEquals(403, post("/classrooms", masterTeacher, classroom("v1")).statusCode());

        assertEquals(401, get("/schools", null).statusCode());
        String forged = new TokenIssuer(Vertx.vertx(), "another-secret-another-secret-another-secret",
                Clock.systemUTC(), Duration.ofHours(1)).coordinator("u-evil", "冒充者");
        assertEquals(401, post("/classrooms", forged, classroom("v1")).statusCode());
        String expired = scheduler.tokens().issue(new JsonObject().put("sub", "u-coord").put("role", "coordinator"),
                Duration.ofMinutes(-5));
        HttpResponse<Buffer> late = post("/classrooms", expired, classroom("v1"));
        assertEquals(401, late.statusCode());
        assertEquals("unauthorized", error(late).getString("code"));
        assertEquals(before, everything());
    }

    @Test
    void the_master_teacher_starts_and_ends_the_lesson_but_another_teacher_cannot() {
        clock.set(Fixtures.MONDAY + "T07:46");
        await(scheduler.lifecycle().tick());
        String path = "/sessions/" + Fixtures.SESSION;

        assertEquals(403, await(req(HttpMethod.POST, path + "/start", otherTeacher).send()).statusCode());
        assertEquals(403, await(req(HttpMethod.POST, path + "/start", viewer).send()).statusCode());
        HttpResponse<Buffer> started = await(req(HttpMethod.POST, path + "/start", masterTeacher).send());
        assertEquals(200, started.statusCode(), started.bodyAsString());
        assertEquals("LIVE", started.bodyAsJsonObject().getString("state"));
        HttpResponse<Buffer> refused = await(req(HttpMethod.POST, path + "/end", otherTeacher).send());
        assertEquals(403, refused.statusCode());
        assertEquals("LIVE", get(path, viewer).bodyAsJsonObject().getString("state"));

        clock.set(Fixtures.MONDAY + "T08:50");
        HttpResponse<Buffer> ended = await(req(HttpMethod.POST, path + "/end", masterTeacher).send());

        assertEquals(200, ended.statusCode());
        assertEquals(SessionState.ENDED.name(), ended.bodyAsJsonObject().getString("state"));
        JsonObject audit = get("/audit?limit=1", viewer).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals("u-master", audit.getString("who"));
        assertEquals("session.end", audit.getString("action"));
        JsonArray live = get("/sessions?from=" + Fixtures.MONDAY + "&to=" + Fixtures.MONDAY + "&state=ended", viewer)
                .bodyAsJsonObject().getJsonArray("items");
        assertEquals(1, live.size());
    }

    @Test
    void a_csv_import_with_bad_rows_imports_nothing_and_names_every_bad_row() {
        String before = everything();
        String csv = "school_id,school_name,region,school_kind,teaching_point\n"
                + "s-a,甲村教学点,county,village,是\n"
                + "s-b,乙村教学点,nowhere,village,是\n"
                + "s-c,丙村教学点,county,castle,是\n";

        HttpResponse<Buffer> r = send(HttpMethod.POST, "/import/schools", coordinator, csv);

        assertEquals(422, r.statusCode(), r.bodyAsString());
        JsonArray rows = r.bodyAsJsonObject().getJsonArray("rows");
        assertEquals(List.of(3, 4), rows.stream().map(o -> ((JsonObject) o).getInteger("line")).toList());
        assertEquals(before, everything());

        String good = "school_id,school_name,region,school_kind,teaching_point\n"
                + "s-a,甲村教学点,county,village,是\n"
                + "s-b,乙村教学点,示范县,village,否\n";
        HttpResponse<Buffer> ok = send(HttpMethod.POST, "/import/schools", coordinator, good);
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        assertEquals(2, ok.bodyAsJsonObject().getInteger("imported"));
        assertEquals("乙村教学点", get("/schools/s-b", viewer).bodyAsJsonObject().getString("name"));

        HttpResponse<Buffer> export = get("/export/schools.csv?headers=en", viewer);
        assertEquals(200, export.statusCode());
        assertTrue(export.getHeader("Content-Type").startsWith("text/csv"));
        assertTrue(export.bodyAsString().contains("乙村教学点"));
    }

    @Test
    void a_timetable_import_that_double_books_is_refused_unless_forced() {
        String csv = "entry_id,term,pairing,weekday,period,start,end,recurrence\n"
                + "e7,t-2026a,p1,MONDAY,2,08:30,09:15,WEEKLY\n";
        String before = everything();

        HttpResponse<Buffer> r = send(HttpMethod.POST, "/import/timetable", coordinator, csv);

        assertEquals(409, r.statusCode(), r.bodyAsString());
        assertFalse(r.bodyAsJsonObject().getJsonArray("conflicts").isEmpty());
        assertEquals(before, everything());
        assertEquals(200, send(HttpMethod.POST, "/import/timetable?force=true", coordinator, csv).statusCode());
        assertEquals(200, get("/timetable/e7", viewer).statusCode());
    }

    @Test
    void teacher_and_classroom_calendars_are_served_as_icalendar() {
        HttpResponse<Buffer> teacher = get("/calendar/teachers/t-master.ics", viewer);
        HttpResponse<Buffer> room = get("/calendar/classrooms/l2.ics", viewer);

        assertEquals(200, teacher.statusCode(), teacher.bodyAsString());
        assertTrue(teacher.getHeader("Content-Type").startsWith("text/calendar"));
        assertTrue(teacher.bodyAsString().startsWith("BEGIN:VCALENDAR"));
        assertTrue(teacher.bodyAsString().contains("BEGIN:VEVENT"));
        assertTrue(room.bodyAsString().contains("BEGIN:VEVENT"));
        assertEquals(404, get("/calendar/teachers/ghost.ics", viewer).statusCode());
        HttpResponse<Buffer> app = await(client.get("/api/v1/calendar/classrooms/l2.ics?access_token=" + viewer).send());
        assertEquals(200, app.statusCode(), "calendar apps pass the token in the URL");
        assertEquals(401, await(client.get("/api/v1/schools?access_token=" + viewer).send()).statusCode(),
                "other routes take the token only from the Authorization header");
    }

    @Test
    void coverage_is_served_as_json_and_as_csv() {
        clock.set(Fixtures.MONDAY + "T12:00");
        HttpResponse<Buffer> json = get("/coverage?scope=region&id=county&period=week&date=" + Fixtures.MONDAY, viewer);
        HttpResponse<Buffer> csv = get("/coverage.csv?scope=all&period=month&date=" + Fixtures.MONDAY, viewer);
        HttpResponse<Buffer> accept = await(req(HttpMethod.GET, "/coverage?period=term", viewer).putHeader("Accept", "text/csv").send());

        assertEquals(200, json.statusCode(), json.bodyAsString());
        assertTrue(json.getHeader("Content-Type").startsWith("application/json"));
        assertEquals("region", json.bodyAsJsonObject().getJsonObject("scope").getString("type"));
        assertEquals(200, csv.statusCode(), csv.bodyAsString());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        assertTrue(csv.bodyAsString().lines().count() >= 2, csv.bodyAsString());
        assertEquals(200, accept.statusCode(), accept.bodyAsString());
        assertTrue(accept.getHeader("Content-Type").startsWith("text/csv"));
        assertEquals(404, get("/coverage?scope=school&id=ghost", viewer).statusCode());
        assertEquals("period", error(get("/coverage?period=decade", viewer)).getString("field"));
    }

    @Test
    void a_published_recording_event_shows_the_session_recorded() {
        await(redis.send(Request.cmd(Command.XADD).arg(RedisKeys.RECORDING_EVENTS).arg("*").arg("event")
                .arg(Json.write(new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-9", Fixtures.SESSION, "m1",
                        Instant.parse("2026-09-07T01:00:00Z"))))));

        await(scheduler.recordings().poll());

        assertTrue(get("/sessions/" + Fixtures.SESSION, viewer).bodyAsJsonObject().getBoolean("recorded"));
    }

    @Test
    void the_openapi_document_lists_every_route() {
        HttpResponse<Buffer> r = get("/openapi.json", null);

        assertEquals(200, r.statusCode());
        JsonObject paths = r.bodyAsJsonObject().getJsonObject("paths");
        for (String p : List.of("/regions", "/schools/{id}", "/timetable", "/sessions", "/sessions/{id}/start",
                "/sessions/{id}/end", "/sessions/{id}/cancel", "/conflicts", "/coverage", "/coverage.csv",
                "/import/{kind}", "/export/{kind}.csv", "/calendar/teachers/{id}.ics", "/calendar/classrooms/{id}.ics",
                "/audit")) {
            assertTrue(paths.containsKey(p), "openapi.json documents " + p);
        }
        assertNotEquals(null, r.bodyAsJsonObject().getString("openapi"));
    }
}
