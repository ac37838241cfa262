package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.RegionLevel;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.coverage.CoverageReport.Lessons;
import io.sanke.scheduler.coverage.CoverageReport.RegionFigures;
import io.sanke.scheduler.coverage.CoverageReport.TeachingPoints;
import io.sanke.scheduler.coverage.CoverageReport.TownshipSchools;
import io.sanke.scheduler.coverage.CoverageReport.UncoveredTeachingPoint;
import io.sanke.scheduler.rules.PlanFixture;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage over a small dataset whose figures are worked out by hand below.
 *
 * <pre>
 * r-p 省 ─┬─ r-c 市 ─┬─ r-a 甲县: s-t1 (TOWNSHIP, ct-1 recording), s-v1 (TP, cl-1), s-v2 (TP, cl-2)
 *         │          ├─ r-b 乙县: s-t2 (TOWNSHIP, ct-2 no recording), s-v3 (TP, cl-3), s-v5 (TP, cl-5, never paired)
 *         │          └─ (itself)  s-u1 (URBAN, cm-1, cm-2)
 *         └─ r-c2 市 ── r-d 丙县: s-t3 (TOWNSHIP, ct-3 recording), s-v4 (TP, cl-4)
 * p-1 英语 cm-1 → cl-1, cl-2     p-2 音乐 cm-2 → cl-3     p-3 美术 ct-3 → cl-4
 * </pre>
 * Period: week 2026-09-07 (Mon) … 09-13; asOf Thursday 2026-09-10 12:00 Beijing time.
 */
class CoverageCalculatorTest {
    private static final LocalDate FROM = LocalDate.of(2026, 9, 7);
    private static final LocalDate TO = LocalDate.of(2026, 9, 13);
    private static final Instant AS_OF = at(10, "12:00");
    private final CoverageCalculator calculator = new CoverageCalculator();

    private static Instant at(int day, String time) {
        return LocalDateTime.parse("2026-09-%02dT%s".formatted(day, time)).atZone(SessionCalendar.ZONE).toInstant();
    }

    private static Plan plan() {
        PlanFixture f = PlanFixture.withTerm()
                .region("r-p", "某省", RegionLevel.PROVINCE, null)
                .region("r-c", "某市", RegionLevel.CITY, "r-p")
                .region("r-c2", "另一市", RegionLevel.CITY, "r-p")
                .region("r-a", "甲县", RegionLevel.COUNTY, "r-c")
                .region("r-b", "乙县", RegionLevel.COUNTY, "r-c")
                .region("r-d", "丙县", RegionLevel.COUNTY, "r-c2")
                .school("s-u1", "市第一小学", "r-c", SchoolKind.URBAN, false)
                .school("s-t1", "甲镇中心小学", "r-a", SchoolKind.TOWNSHIP, false)
                .school("s-t2", "乙镇中心小学", "r-b", SchoolKind.TOWNSHIP, false)
                .school("s-t3", "丙镇中心小学", "r-d", SchoolKind.TOWNSHIP, false)
                .school("s-v1", "石门村教学点", "r-a", SchoolKind.VILLAGE, true)
                .school("s-v2", "白岩村教学点", "r-a", SchoolKind.VILLAGE, true)
                .school("s-v3", "青山村教学点", "r-b", SchoolKind.VILLAGE, true)
                .school("s-v4", "松林村教学点", "r-d", SchoolKind.VILLAGE, true)
                .school("s-v5", "河口村教学点", "r-b", SchoolKind.VILLAGE, true)
                .master("cm-1", "s-u1").master("cm-2", "s-u1")
                .classroom("ct-1", "s-t1", ClassroomKind.MASTER, true, 10_000, 10_000)
                .classroom("ct-2", "s-t2", ClassroomKind.LISTENING, false, 10_000, 10_000)
                .classroom("ct-3", "s-t3", ClassroomKind.MASTER, true, 10_000, 10_000)
                .listening("cl-1", "s-v1").listening("cl-2", "s-v2").listening("cl-3", "s-v3")
                .listening("cl-4", "s-v4").listening("cl-5", "s-v5");
        f.pairing("p-1", "cm-1", "tm-1", "英语", LessonProfile.STANDARD, "cl-1", "ta-1", "cl-2", "ta-2");
        f.pairing("p-2", "cm-2", "tm-2", "音乐", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.pairing("p-3", "ct-3", "tm-3", "美术", LessonProfile.LOW, "cl-4", "ta-4");
        return f.plan();
    }

    private static LessonSession session(String id, String pairing, int day, String start, String end, SessionState state,
                                         Instant actualStart, Instant actualEnd, boolean recorded) {
        return new LessonSession(id, "e-" + id, pairing, LocalDate.of(2026, 9, day), at(day, start), at(day, end),
                state, actualStart, actualEnd, recorded);
    }

    /** The sessions: states chosen so every counting rule is exercised once. */
    private static List<LessonSession> sessions() {
        return List.of(
                // p-1 英语
                session("a1", "p-1", 7, "08:00", "08:45", SessionState.ENDED, at(7, "08:02"), at(7, "08:44"), true), // 42 min
                session("a2", "p-1", 8, "08:00", "08:45", SessionState.MISSED, null, null, false),
                session("a3", "p-1", 9, "08:00", "08:45", SessionState.CANCELLED, null, null, false),
                session("a4", "p-1", 10, "08:00", "08:45", SessionState.ENDED, null, null, false),             // 45 min scheduled
                session("a5", "p-1", 11, "08:00", "08:45", SessionState.SCHEDULED, null, null, false),         // not yet due
                session("a6", "p-1", 14, "08:00", "08:45", SessionState.ENDED, null, null, true),              // after the period
                // p-2 音乐
                session("b1", "p-2", 7, "10:00", "10:45", SessionState.OPEN, null, null, false),               // due, pending
                session("b2", "p-2", 10, "11:30", "12:15", SessionState.LIVE, at(10, "11:31"), null, false),    // 45 min scheduled
                session("b3", "p-2", 12, "10:00", "10:45", SessionState.CANCELLED, null, null, false),          // future, cancelled
                // p-3 美术
                session("c1", "p-3", 8, "09:00", "09:40", SessionState.MISSED, null, null, false),
                session("c2", "p-3", 9, "09:00", "09:40", SessionState.SCHEDULED, null, null, false));          // due, pending
    }

    private static List<RecordingEvent> recordings() {
        return List.of(
                new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-1", "a4", "cm-1", at(10, "10:00")),
                new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-2", "x-1", "ct-3", at(13, "23:30")), // in: Beijing time
                new RecordingEvent(RecordingEvent.Type.PUBLISHED, "rec-3", "x-2", "ct-1", at(14, "00:30")), // out: next Monday
                new RecordingEvent(RecordingEvent.Type.COMPLETED, "rec-4", "x-3", "ct-2", at(9, "10:00"))); // not published
    }

    private CoverageReport report(Scope scope) {
        return calculator.compute(plan(), sessions(), recordings(), scope, FROM, TO, AS_OF);
    }

    @Test
    @DisplayName("the whole plan: every figure matches the hand count")
    void wholePlan() {
        CoverageReport r = report(Scope.ALL);
        // Delivered (ENDED/LIVE) in the period: a1, a4 (p-1 → s-v1, s-v2), b2 (p-2 → s-v3). s-v4 (p-3 only missed) and
        // s-v5 (never paired) are not covered: 3 of 5 = 0.6. Uncovered by region id: s-v5 (r-b), s-v4 (r-d).
        assertEquals(new TeachingPoints(5, 3, 0.6, 1.0, false, List.of(
                new UncoveredTeachingPoint("s-v5", "河口村教学点", "r-b", "乙县"),
                new UncoveredTeachingPoint("s-v4", "松林村教学点", "r-d", "丙县"))), r.teachingPoints());
        // Township s-t1, s-t2, s-t3; recording classrooms in s-t1 and s-t3: 2/3 ≥ 0.5. Published in the week:
        // only ct-3 (s-t3) at Sunday 23:30; ct-1's is Monday 00:30 of the next week: 1/3.
        assertEquals(new TownshipSchools(3, 2, 0.6667, 1, 0.3333, 0.5, true), r.townshipSchools());
        // Cancelled a3, b3 = 2. Not yet due a5 = 1 (a6 is out of the period). Scheduled a1 a2 a4 b1 b2 c1 c2 = 7:
        // delivered a1 a4 b2 = 3, missed a2 c1 = 2, pending b1 c2 = 2. Rate 3/7 = 0.4286.
        // Hours: 英语 a1 42 min (actual) + a4 45 min (scheduled) = 87 min = 1.45 h; 音乐 b2 45 min (LIVE, no end) = 0.75 h.
        // Recorded: a1 (flag) and a4 (published event) = 2.
        assertEquals(new Lessons(7, 3, 2, 2, 2, 1, 0.4286, 2.2, Map.of("英语", 1.45, "音乐", 0.75), 2), r.lessons());
        assertEquals("全部", r.scopeName());
        assertEquals(List.of(FROM, TO, AS_OF), List.of(r.from(), r.to(), r.asOf()));
        // One root (r-p): broken down by its children. r-c: TP v1 v2 v3 v5 (covered 3), township t1 t2 (1 recording),
        // pairings p-1 (3 scheduled, 2 delivered) + p-2 (2, 1). r-c2: TP v4 (0), township t3 (1), p-3 (2, 0).
        assertEquals(List.of(
                new RegionFigures("r-c", "某市", 4, 3, 0.75, 2, 1, 0.5, 5, 3, 0.6),
                new RegionFigures("r-c2", "另一市", 1, 0, 0.0, 1, 1, 1.0, 2, 0, 0.0)), r.breakdown());
    }

    @Test
    @DisplayName("a region scope includes its descendant regions and the lessons of pairings touching them")
    void regionWithDescendants() {
        CoverageReport r = report(Scope.region("r-c"));
        // Schools of r-c, r-a, r-b: TP v1 v2 v3 v5, covered v1 v2 v3.
        assertEquals(new TeachingPoints(4, 3, 0.75, 1.0, false,
                List.of(new UncoveredTeachingPoint("s-v5", "河口村教学点", "r-b", "乙县"))), r.teachingPoints());
        // Township t1 (recording), t2: 1/2 meets 0.5; no publication of theirs in the week.
        assertEquals(new TownshipSchools(2, 1, 0.5, 0, 0.0, 0.5, true), r.townshipSchools());
        // p-1 and p-2: scheduled a1 a2 a4 b1 b2 = 5, delivered 3, missed a2, pending b1, cancelled a3 b3, not due a5.
        assertEquals(new Lessons(5, 3, 1, 1, 2, 1, 0.6, 2.2, Map.of("英语", 1.45, "音乐", 0.75), 2), r.lessons());
        assertEquals("某市", r.scopeName());
        // r-a: TP v1 v2 (both covered), t1 (recording), p-1 3/2. r-b: TP v3 v5 (1), t2 (none), p-2 2/1.
        assertEquals(List.of(
                new RegionFigures("r-a", "甲县", 2, 2, 1.0, 1, 1, 1.0, 3, 2, 0.6667),
                new RegionFigures("r-b", "乙县", 2, 1, 0.5, 1, 0, 0.0, 2, 1, 0.5)), r.breakdown());

        CoverageReport county = report(Scope.region("r-a"));
        assertEquals(new TeachingPoints(2, 2, 1.0, 1.0, true, List.of()), county.teachingPoints());
        assertEquals(new Lessons(3, 2, 1, 0, 1, 1, 0.6667, 1.45, Map.of("英语", 1.45), 2), county.lessons());
        assertEquals(List.of(), county.breakdown());
    }

    @Test
    @DisplayName("a school scope counts the lessons its classrooms take part in; empty shares are null")
    void schoolScope() {
        CoverageReport r = report(Scope.school("s-v3"));
        assertEquals(new TeachingPoints(1, 1, 1.0, 1.0, true, List.of()), r.teachingPoints());
        assertEquals(new TownshipSchools(0, 0, null, 0, null, 0.5, null), r.townshipSchools());
        // p-2: scheduled b1 b2, delivered b2, pending b1, cancelled b3.
        assertEquals(new Lessons(2, 1, 0, 1, 1, 0, 0.5, 0.75, Map.of("音乐", 0.75), 0), r.lessons());

        CoverageReport urban = report(Scope.school("s-u1"));   // master school of p-1 and p-2
        assertEquals(5, urban.lessons().scheduled());
        assertEquals(new TeachingPoints(0, 0, null, 1.0, null, List.of()), urban.teachingPoints());
    }

    @Test
    @DisplayName("a pairing scope counts its own lessons and the schools of its classrooms")
    void pairingScope() {
        CoverageReport r = report(Scope.pairing("p-3"));
        assertEquals(new TeachingPoints(1, 0, 0.0, 1.0, false,
                List.of(new UncoveredTeachingPoint("s-v4", "松林村教学点", "r-d", "丙县"))), r.teachingPoints());
        assertEquals(new TownshipSchools(1, 1, 1.0, 1, 1.0, 0.5, true), r.townshipSchools());
        assertEquals(new Lessons(2, 0, 1, 1, 0, 0, 0.0, 0.0, Map.of(), 0), r.lessons());
        assertEquals("美术", r.scopeName());
    }

    @Test
    @DisplayName("with nothing scheduled the delivery rate is null, not zero")
    void nothingScheduled() {
        CoverageReport r = calculator.compute(plan(), sessions(), recordings(), Scope.ALL, FROM, TO, at(7, "07:00"));
        // Before Monday 08:00 only the delivered/missed states make a lesson due: a1 ENDED, a2 MISSED, a4 ENDED,
        // b2 LIVE, c1 MISSED. With no session at all: zero scheduled.
        assertEquals(5, r.lessons().scheduled());
        CoverageReport none = calculator.compute(plan(), List.of(), List.of(), Scope.ALL, FROM, TO, AS_OF);
        assertEquals(0, none.lessons().scheduled());
        assertNull(none.lessons().deliveryRate());
        assertEquals(0, none.teachingPoints().covered());
    }

    @Test
    @DisplayName("sessions derived by the calendar count as not yet due before the term")
    void calendarSessions() {
        PlanFixture f = PlanFixture.withTerm();
        f.school("s-v1", "石门村教学点", null, SchoolKind.VILLAGE, true).master("cm-1", "s-x").listening("cl-1", "s-v1");
        f.pairing("p-1", "cm-1", "tm-1", "英语", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.weekly("e-1", "p-1", java.time.DayOfWeek.MONDAY, "08:00", "08:45");
        Plan plan = f.plan();
        List<LessonSession> term = SessionCalendar.between(plan, PlanFixture.TERM_START, PlanFixture.TERM_END);
        CoverageReport r = calculator.compute(plan, term, List.of(), Scope.ALL, CoveragePeriod.term(plan.terms().get(PlanFixture.TERM)),
                PlanFixture.TERM_START.atStartOfDay(SessionCalendar.ZONE).toInstant());
        // Mondays 09-07, 14, 21, 28; 10-05, 12, 19, 26; 11-02, 09, 16, 23, 30; 12-07, 14, 21, 28; 01-04, 11 = 19,
        // minus holiday 10-05, plus make-up Saturday 09-26 teaching Monday = 19.
        assertEquals(19, r.lessons().notYetDue());
        assertEquals(0, r.lessons().scheduled());
    }

    @Test
    @DisplayName("bad input is refused with a clear error")
    void badInput() {
        SchedulerException notFound = assertThrows(SchedulerException.class, () -> report(Scope.region("r-zz")));
        assertEquals("not_found", notFound.code());
        assertTrue(notFound.getMessage().contains("[id:r-zz]"), notFound.getMessage());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> report(new Scope("county", "x"))).code());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> report(new Scope("school", null))).code());
        assertEquals("invalid", assertThrows(SchedulerException.class,
                () -> calculator.compute(plan(), sessions(), recordings(), Scope.ALL, TO, FROM, AS_OF)).code());
        assertEquals("invalid", assertThrows(SchedulerException.class,
                () -> calculator.compute(plan(), sessions(), recordings(), Scope.ALL, FROM, TO, null)).code());
        assertEquals("invalid", assertThrows(SchedulerException.class, () -> new CoverageCalculator(1.5, 0.5)).code());
    }

    @Test
    @DisplayName("the CSV has a header, one row per figure, the uncovered teaching points and the breakdown")
    void csv() throws IOException {
        String text = report(Scope.ALL).toCsv();
        assertTrue(text.startsWith("\uFEFFsection,key,label,value\r\n"), text);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords();
        List<String> lines = new ArrayList<>();
        for (CSVRecord row : rows) {
            assertEquals(4, row.size(), row::toString);
            lines.add(String.join("|", row.toList()));
        }
        assertTrue(lines.contains("report|scope|范围|all"), lines::toString);
        assertTrue(lines.contains("teaching_points|share|覆盖率|0.6"), lines::toString);
        assertTrue(lines.contains("teaching_points|target_met|是否达标|否"), lines::toString);
        assertTrue(lines.contains("township_schools|recording_classroom_share|录播教室覆盖率|0.6667"), lines::toString);
        assertTrue(lines.contains("lessons|delivery_rate|开课率|0.4286"), lines::toString);
        assertTrue(lines.contains("hours_by_subject|英语|英语 授课时长（小时）|1.45"), lines::toString);
        assertTrue(lines.contains("uncovered_teaching_point|s-v5|河口村教学点|乙县"), lines::toString);
        assertTrue(lines.contains("uncovered_teaching_point|s-v4|松林村教学点|丙县"), lines::toString);
        assertTrue(lines.contains("breakdown:r-c2|delivery_rate|开课率|0"), lines::toString);

        String empty = report(Scope.school("s-v3")).toCsv();
        assertTrue(empty.contains("township_schools,recording_classroom_share,录播教室覆盖率,\r\n"), empty);
    }
}
