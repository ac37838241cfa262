package io.sanke.scheduler.ical;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyListAccessor;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed, parsed back with ical4j as an independent reader. */
class ICalendarWriterTest {
    private static final String LONG_SUBJECT = "数学（人教版三年级上册）“多位数乘一位数”单元整理与复习，含口算、估算和解决问题的综合练习";
    private static final Instant GENERATED = Instant.parse("2026-08-31T16:30:00Z");

    private final Plan plan = plan();
    private final Term term = plan.terms().get("term-2026a");

    private static Plan plan() {
        School city = new School("s-city1", "祁东县城关一小", "r-qd", SchoolKind.URBAN, false);
        School village = new School("s-shimen", "石门村小", "r-qd", SchoolKind.VILLAGE, true);
        School hill = new School("s-hill", "白鹤山教学点", "r-qd", SchoolKind.VILLAGE, true);
        Classroom master = new Classroom("c-m1", "s-city1", "主讲教室1", ClassroomKind.MASTER, true, 20_000, 50_000);
        Classroom l1 = new Classroom("c-l1", "s-shimen", "一年级教室", ClassroomKind.LISTENING, false, 2_000, 4_000);
        Classroom l2 = new Classroom("c-l2", "s-hill", "复式教室, 东; 楼\\2", ClassroomKind.LISTENING, false, 2_000, 4_000);
        Map<String, Teacher> teachers = Map.of(
                "t-zhang", new Teacher("t-zhang", "张老师", "s-city1", Set.of("数学")),
                "t-li", new Teacher("t-li", "李老师", "s-shimen", Set.of("数学")));
        Pairing math = new Pairing("p-1", "c-m1", List.of(new PairedClassroom("c-l1", "t-li"),
                new PairedClassroom("c-l2", null)), "数学", "三年级", "t-zhang", LessonProfile.STANDARD, true);
        Pairing longOne = new Pairing("p-2", "c-m1", List.of(new PairedClassroom("c-l1", "t-li")), LONG_SUBJECT,
                "三年级", "t-zhang", LessonProfile.LOW, false);
        Term term = new Term("term-2026a", "2026年秋季学期", LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 20),
                Set.of(), Map.of());
        return new Plan(Map.of(), Map.of("s-city1", city, "s-shimen", village, "s-hill", hill),
                Map.of("c-m1", master, "c-l1", l1, "c-l2", l2), teachers, Map.of("p-1", math, "p-2", longOne),
                Map.of("term-2026a", term), Map.of());
    }

    private List<LessonSession> sessions() {
        TimetableEntry monday = new TimetableEntry("e-1", "term-2026a", "p-1", DayOfWeek.MONDAY, 1,
                LocalTime.of(8, 0), LocalTime.of(8, 40), Recurrence.WEEKLY, null, null);
        TimetableEntry tuesday = new TimetableEntry("e-2", "term-2026a", "p-2", DayOfWeek.TUESDAY, 6,
                LocalTime.of(14, 30), LocalTime.of(15, 10), Recurrence.WEEKLY, null, null);
        List<LessonSession> out = new ArrayList<>();
        out.addAll(SessionCalendar.of(monday, term, LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 20)));
        out.addAll(SessionCalendar.of(tuesday, term, LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 13)));
        out.set(1, out.get(1).withState(SessionState.CANCELLED)); // e-1@2026-09-14
        return out;
    }

    private static Calendar parse(String ics) throws Exception {
        return new CalendarBuilder().build(new StringReader(ics));
    }

    private static List<VEvent> events(Calendar calendar) {
        return calendar.getComponents(Component.VEVENT);
    }

    private static String value(PropertyListAccessor c, String property) {
        return c.<Property>getProperty(property).orElseThrow(() -> new AssertionError("no " + property)).getValue();
    }

    private static VEvent event(Calendar calendar, String uid) {
        return events(calendar).stream().filter(e -> value(e, Property.UID).equals(uid)).findFirst()
                .orElseThrow(() -> new AssertionError("no event " + uid));
    }

    @Test
    void every_session_is_one_event_with_a_stable_uid() throws Exception {
        String ics = ICalendarWriter.feed("张老师的课表", sessions(), plan, GENERATED);
        Calendar calendar = parse(ics);
        assertEquals(3, events(calendar).size());
        assertEquals(List.of("e-1@2026-09-07@sanke", "e-2@2026-09-08@sanke", "e-1@2026-09-14@sanke"),
                events(calendar).stream().map(e -> value(e, Property.UID)).toList());
        assertEquals(ics, ICalendarWriter.feed("张老师的课表", sessions().reversed(), plan, GENERATED));
    }

    @Test
    void the_calendar_declares_itself_and_asia_shanghai() throws Exception {
        Calendar calendar = parse(ICalendarWriter.feed("张老师的课表", sessions(), plan, GENERATED));
        assertEquals("2.0", value(calendar, Property.VERSION));
        assertEquals("GREGORIAN", value(calendar, Property.CALSCALE));
        assertEquals("PUBLISH", value(calendar, Property.METHOD));
        assertEquals("-//Sanke//Sanke Scheduler 1.0//ZH-CN", value(calendar, Property.PRODID));
        assertEquals("张老师的课表", value(calendar, "X-WR-CALNAME"));
        assertEquals("Asia/Shanghai", value(calendar, "X-WR-TIMEZONE"));
        VTimeZone tz = calendar.<VTimeZone>getComponent(Component.VTIMEZONE).orElseThrow();
        assertEquals("Asia/Shanghai", value(tz, Property.TZID));
        Component standard = tz.getObservances().getFirst();
        assertEquals("+0800", value(standard, Property.TZOFFSETTO));
        assertEquals(1, tz.getObservances().size(), "no daylight saving part");
    }

    @Test
    void start_and_end_are_the_scheduled_instants_in_beijing_time() throws Exception {
        Calendar calendar = parse(ICalendarWriter.feed("课表", sessions(), plan, GENERATED));
        VEvent monday = event(calendar, "e-1@2026-09-07@sanke");
        Temporal start = monday.getDateTimeStart().getDate();
        Temporal end = monday.getEndDate().orElseThrow().getDate();
        assertEquals(Instant.parse("2026-09-07T00:00:00Z"), Instant.from(start), "08:00 Beijing is 00:00Z");
        assertEquals(Instant.parse("2026-09-07T00:40:00Z"), Instant.from(end));
        assertEquals("Asia/Shanghai", monday.getDateTimeStart().getParameter("TZID").orElseThrow().getValue());
        VEvent tuesday = event(calendar, "e-2@2026-09-08@sanke");
        assertEquals(Instant.parse("2026-09-08T06:30:00Z"), Instant.from(tuesday.getDateTimeStart().getDate()));
        assertEquals("20260831T163000Z", value(tuesday, Property.DTSTAMP));
    }

    @Test
    void the_raw_lines_carry_tzid_and_local_times() {
        String ics = ICalendarWriter.feed("课表", sessions(), plan, GENERATED);
        assertTrue(ics.contains("\r\nDTSTART;TZID=Asia/Shanghai:20260907T080000\r\n"), ics);
        assertTrue(ics.contains("\r\nDTEND;TZID=Asia/Shanghai:20260907T084000\r\n"), ics);
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"));
        assertFalse(ics.replace("\r\n", "").contains("\n"), "only CRLF line endings");
    }

    @Test
    void summary_location_and_description_come_from_the_pairing() throws Exception {
        VEvent e = event(parse(ICalendarWriter.feed("课表", sessions(), plan, GENERATED)), "e-1@2026-09-07@sanke");
        assertEquals("数学 三年级 专递课堂", value(e, Property.SUMMARY));
        assertEquals("祁东县城关一小 主讲教室1", value(e, Property.LOCATION));
        assertEquals("主讲教师 / Master teacher: 张老师\n听讲课堂 / Listening classrooms:\n"
                + "- 石门村小 一年级教室（辅导教师 / assistant: 李老师）\n- 白鹤山教学点 复式教室, 东; 楼\\2",
                value(e, Property.DESCRIPTION));
        assertEquals("CONFIRMED", value(e, Property.STATUS));
        assertEquals("0", value(e, Property.SEQUENCE));
        assertEquals("urn:sanke:teacher:t-zhang", value(e, Property.ORGANIZER));
        assertEquals("张老师", e.getProperty(Property.ORGANIZER).orElseThrow().getParameter("CN").orElseThrow().getValue());
    }

    @Test
    void a_cancelled_session_is_marked_cancelled_with_a_higher_sequence() throws Exception {
        VEvent e = event(parse(ICalendarWriter.feed("课表", sessions(), plan, GENERATED)), "e-1@2026-09-14@sanke");
        assertEquals("CANCELLED", value(e, Property.STATUS));
        assertEquals("1", value(e, Property.SEQUENCE));
        assertEquals("【已取消】数学 三年级 专递课堂", value(e, Property.SUMMARY));
    }

    @Test
    void a_long_chinese_summary_is_folded_and_reads_back_intact() throws Exception {
        String ics = ICalendarWriter.feed("课表", sessions(), plan, GENERATED);
        assertTrue(ics.contains("\r\n SUMMARY") || ics.lines().anyMatch(l -> l.startsWith(" ")), "something was folded");
        VEvent e = event(parse(ics), "e-2@2026-09-08@sanke");
        assertEquals(LONG_SUBJECT + " 三年级 专递课堂", value(e, Property.SUMMARY));
    }

    @Test
    void no_line_exceeds_75_octets_and_no_fold_splits_a_character() throws CharacterCodingException {
        String ics = ICalendarWriter.feed("课表".repeat(60), sessions(), plan, GENERATED);
        byte[] bytes = ics.getBytes(StandardCharsets.UTF_8);
        int folded = 0;
        int startOfLine = 0;
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                int octets = i - startOfLine;
                assertTrue(octets <= 75, "line of " + octets + " octets");
                // each physical line decodes on its own: no multi-byte character was cut
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, startOfLine, octets));
                if (bytes[startOfLine] == ' ') {
                    folded++;
                }
                startOfLine = i + 2;
            }
        }
        assertEquals(bytes.length, startOfLine, "ends with CRLF");
        assertTrue(folded > 5, "folded lines: " + folded);
    }

    @Test
    void text_escaping_round_trips_backslashes_semicolons_commas_and_line_breaks() throws Exception {
        String name = "课表, 张老师; 路径 C:\\课\r\n第二行\n第三行";
        Calendar calendar = parse(ICalendarWriter.feed(name, List.of(), plan, GENERATED));
        assertEquals("课表, 张老师; 路径 C:\\课\n第二行\n第三行", value(calendar, "X-WR-CALNAME"));
        assertEquals(0, events(calendar).size());
        String raw = ICalendarWriter.feed(name, List.of(), plan, GENERATED);
        assertTrue(raw.contains("X-WR-CALNAME:课表\\, 张老师\\; 路径 C:\\\\课\\n第二行\\n第三行\r\n"), raw);
    }

    @Test
    void a_session_whose_pairing_is_gone_still_gets_an_event_naming_the_pairing() throws Exception {
        LessonSession orphan = new LessonSession("e-9@2026-09-09", "e-9", "p-gone", LocalDate.of(2026, 9, 9),
                Instant.parse("2026-09-09T01:00:00Z"), Instant.parse("2026-09-09T01:40:00Z"), SessionState.SCHEDULED,
                null, null, false);
        VEvent e = events(parse(ICalendarWriter.feed("课表", List.of(orphan), plan, GENERATED))).getFirst();
        assertEquals("专递课堂 [pairing:p-gone]", value(e, Property.SUMMARY));
        assertTrue(e.getProperty(Property.LOCATION).isEmpty());
    }

    @Test
    void ical4j_finds_the_feed_valid() throws Exception {
        Calendar calendar = parse(ICalendarWriter.feed("课表", sessions(), plan, GENERATED));
        var result = calendar.validate();
        assertFalse(result.hasErrors(), result::toString);
    }
}
