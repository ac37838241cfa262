package io.sanke.scheduler.ical;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.api.Teacher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Writes RFC 5545 iCalendar feeds of lesson sessions for teachers and classrooms:
 * times in Asia/Shanghai with its VTIMEZONE, one VEVENT per session (cancelled ones
 * marked {@code STATUS:CANCELLED}), stable UIDs so calendar apps update in place.
 * Written by hand (no iCal library in main code): CRLF lines folded at 75 octets.
 * Does not choose the sessions of a feed (the caller filters by teacher or classroom)
 * and does not serve HTTP ({@code text/calendar; charset=utf-8} is the caller's).
 *
 * <p>Shape of the feed: {@code docs/csv-and-ical.md}.
 */
public final class ICalendarWriter {
    /** Right-hand side of every UID: {@code UID:<session id>@sanke}. */
    public static final String UID_DOMAIN = "sanke";
    static final String PRODID = "-//Sanke//Sanke Scheduler 1.0//ZH-CN";
    static final String TZID = SessionCalendar.ZONE.getId();

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ICalendarWriter() {
    }

    /**
     * @param calendarName shown by calendar apps (X-WR-CALNAME)
     * @param generatedAt  DTSTAMP of every event
     */
    public static String feed(String calendarName, Collection<LessonSession> sessions, Plan plan, Instant generatedAt) {
        if (calendarName == null || sessions == null || plan == null || generatedAt == null) {
            throw new IllegalArgumentException("calendarName, sessions, plan and generatedAt must not be null");
        }
        ContentLines ics = new ContentLines()
                .add("BEGIN", "VCALENDAR")
                .add("PRODID", PRODID)
                .add("VERSION", "2.0")
                .add("CALSCALE", "GREGORIAN")
                .add("METHOD", "PUBLISH")
                .text("X-WR-CALNAME", calendarName)
                .text("NAME", calendarName)
                .add("X-WR-TIMEZONE", TZID)
                .add("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
                .add("X-PUBLISHED-TTL", "PT1H")
                .add("BEGIN", "VTIMEZONE")
                .add("TZID", TZID)
                .add("X-LIC-LOCATION", TZID)
                .add("BEGIN", "STANDARD")
                .add("TZOFFSETFROM", "+0800")
                .add("TZOFFSETTO", "+0800")
                .add("TZNAME", "CST")
                .add("DTSTART", "19700101T000000")
                .add("END", "STANDARD")
                .add("END", "VTIMEZONE");
        List<LessonSession> sorted = new ArrayList<>(sessions);
        sorted.sort(Comparator.comparing(LessonSession::scheduledStart).thenComparing(LessonSession::id));
        String stamp = UTC.format(generatedAt);
        for (LessonSession session : sorted) {
            event(ics, session, plan, stamp);
        }
        ics.add("END", "VCALENDAR");
        return ics.toString();
    }

    private static void event(ContentLines ics, LessonSession s, Plan plan, String stamp) {
        boolean cancelled = s.state() == SessionState.CANCELLED;
        Pairing pairing = plan.pairings().get(s.pairingId());
        ics.add("BEGIN", "VEVENT")
                .text("UID", s.id() + "@" + UID_DOMAIN)
                .add("DTSTAMP", stamp)
                .add("DTSTART;TZID=" + TZID, LOCAL.format(s.scheduledStart().atZone(SessionCalendar.ZONE)))
                .add("DTEND;TZID=" + TZID, LOCAL.format(s.scheduledEnd().atZone(SessionCalendar.ZONE)))
                .text("SUMMARY", (cancelled ? "【已取消】" : "") + summary(pairing, s.pairingId()))
                .add("ORGANIZER;CN=" + paramValue(organizerName(plan, pairing)), organizerUri(pairing));
        String location = classroomPlace(plan, pairing == null ? null : pairing.masterClassroomId());
        if (location != null) {
            ics.text("LOCATION", location);
        }
        ics.text("DESCRIPTION", description(plan, pairing, s))
                .add("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
                .add("SEQUENCE", cancelled ? "1" : "0")
                .add("TRANSP", "OPAQUE")
                .add("END", "VEVENT");
    }

    /** {@code 数学 三年级 专递课堂}: subject, grade and the kind of classroom. */
    static String summary(Pairing pairing, String pairingId) {
        if (pairing == null) {
            return "专递课堂 [pairing:" + pairingId + "]";
        }
        return join(pairing.subject(), pairing.grade(), "专递课堂");
    }

    private static String description(Plan plan, Pairing pairing, LessonSession s) {
        StringBuilder d = new StringBuilder();
        if (pairing == null) {
            return "结对 [pairing:" + s.pairingId() + "] / pairing";
        }
        d.append("主讲教师 / Master teacher: ").append(teacherName(plan, pairing.masterTeacherId()));
        d.append("\n听讲课堂 / Listening classrooms:");
        for (PairedClassroom pc : pairing.listening()) {
            d.append("\n- ").append(orId(classroomPlace(plan, pc.classroomId()), pc.classroomId()));
            if (pc.assistantTeacherId() != null) {
                d.append("（辅导教师 / assistant: ").append(teacherName(plan, pc.assistantTeacherId())).append("）");
            }
        }
        if (s.state() == SessionState.CANCELLED) {
            d.append("\n本节课已取消 / This lesson is cancelled.");
        }
        return d.toString();
    }

    /** {@code 城关一小 主讲教室1}: the school's name and the classroom's, or null if unknown. */
    private static String classroomPlace(Plan plan, String classroomId) {
        Classroom c = classroomId == null ? null : plan.classrooms().get(classroomId);
        if (c == null) {
            return null;
        }
        School school = plan.schools().get(c.schoolId());
        return join(school == null ? null : school.name(), c.name());
    }

    /** The master teacher organizes the lesson (RFC 5546 PUBLISH requires an ORGANIZER). */
    private static String organizerName(Plan plan, Pairing pairing) {
        Teacher t = pairing == null || pairing.masterTeacherId() == null ? null : plan.teachers().get(pairing.masterTeacherId());
        return t != null ? t.name() : "三课 Sanke";
    }

    private static String organizerUri(Pairing pairing) {
        return pairing == null || pairing.masterTeacherId() == null ? "urn:sanke:scheduler"
                : "urn:sanke:teacher:" + URLEncoder.encode(pairing.masterTeacherId(), StandardCharsets.UTF_8);
    }

    /** A parameter value, quoted (names may hold : ; ,), without the DQUOTE and controls it may not hold. */
    static String paramValue(String value) {
        return "\"" + value.replace('"', '\'').replaceAll("\\p{Cntrl}", " ") + "\"";
    }

    private static String teacherName(Plan plan, String teacherId) {
        Teacher t = teacherId == null ? null : plan.teachers().get(teacherId);
        return t != null ? t.name() : "[teacher:" + teacherId + "]";
    }

    private static String orId(String place, String classroomId) {
        return place != null ? place : "[classroom:" + classroomId + "]";
    }

    private static String join(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p.strip());
            }
        }
        return String.join(" ", kept);
    }
}
