package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.ClassroomKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Region;
import io.sanke.scheduler.api.RegionLevel;
import io.sanke.scheduler.api.School;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Teacher;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds small plans for tests, by hand. The default term {@link #TERM} runs from
 * Tuesday 2026-09-01 to Friday 2027-01-15 (week 1 is 2026-08-31 … 09-06), holidays
 * 2026-10-01 … 10-07, and two make-up Saturdays: 2026-09-26 (week 4) teaches
 * Monday's timetable, 2026-10-10 (week 6) teaches Friday's.
 */
public final class PlanFixture {
    public static final String TERM = "t-2026a";
    public static final LocalDate TERM_START = LocalDate.of(2026, 9, 1);
    public static final LocalDate TERM_END = LocalDate.of(2027, 1, 15);
    public static final LocalDate MAKE_UP_MONDAY = LocalDate.of(2026, 9, 26);
    public static final LocalDate MAKE_UP_FRIDAY = LocalDate.of(2026, 10, 10);
    public static final LocalDate HOLIDAY_MONDAY = LocalDate.of(2026, 10, 5);

    public final Map<String, Region> regions = new LinkedHashMap<>();
    public final Map<String, School> schools = new LinkedHashMap<>();
    public final Map<String, Classroom> classrooms = new LinkedHashMap<>();
    public final Map<String, Teacher> teachers = new LinkedHashMap<>();
    public final Map<String, Pairing> pairings = new LinkedHashMap<>();
    public final Map<String, Term> terms = new LinkedHashMap<>();
    public final Map<String, TimetableEntry> entries = new LinkedHashMap<>();

    /** A fixture holding only the default term. */
    public static PlanFixture withTerm() {
        PlanFixture f = new PlanFixture();
        Set<LocalDate> holidays = new java.util.HashSet<>();
        for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 7)); d = d.plusDays(1)) {
            holidays.add(d);
        }
        f.terms.put(TERM, new Term(TERM, "2026 秋季学期", TERM_START, TERM_END, holidays,
                Map.of(MAKE_UP_MONDAY, DayOfWeek.MONDAY, MAKE_UP_FRIDAY, DayOfWeek.FRIDAY)));
        return f;
    }

    public PlanFixture region(String id, String name, RegionLevel level, String parentId) {
        regions.put(id, new Region(id, name, level, parentId));
        return this;
    }

    public PlanFixture school(String id, String name, String regionId, SchoolKind kind, boolean teachingPoint) {
        schools.put(id, new School(id, name, regionId, kind, teachingPoint));
        return this;
    }

    public PlanFixture classroom(String id, String schoolId, ClassroomKind kind, boolean recording, int upKbps, int downKbps) {
        classrooms.put(id, new Classroom(id, schoolId, id, kind, recording, upKbps, downKbps));
        return this;
    }

    /** A master classroom with a 10 Mbit/s link both ways. */
    public PlanFixture master(String id, String schoolId) {
        return classroom(id, schoolId, ClassroomKind.MASTER, true, 10_000, 10_000);
    }

    /** A listening classroom with a 10 Mbit/s link both ways. */
    public PlanFixture listening(String id, String schoolId) {
        return classroom(id, schoolId, ClassroomKind.LISTENING, false, 10_000, 10_000);
    }

    public PlanFixture teacher(String id, String schoolId) {
        teachers.put(id, new Teacher(id, id, schoolId, Set.of()));
        return this;
    }

    /**
     * A pairing; {@code listening} alternates classroom id and assistant teacher id.
     */
    public PlanFixture pairing(String id, String masterClassroom, String masterTeacher, String subject,
                               LessonProfile profile, String... listening) {
        List<PairedClassroom> rooms = new ArrayList<>();
        for (int i = 0; i + 1 < listening.length; i += 2) {
            rooms.add(new PairedClassroom(listening[i], listening[i + 1]));
        }
        pairings.put(id, new Pairing(id, masterClassroom, rooms, subject, "三年级", masterTeacher, profile, false));
        return this;
    }

    public PlanFixture entry(String id, String pairingId, DayOfWeek weekday, String start, String end,
                             Recurrence recurrence, LocalDate from, LocalDate until) {
        return entry(id, TERM, pairingId, weekday, start, end, recurrence, from, until);
    }

    public PlanFixture entry(String id, String termId, String pairingId, DayOfWeek weekday, String start, String end,
                             Recurrence recurrence, LocalDate from, LocalDate until) {
        entries.put(id, new TimetableEntry(id, termId, pairingId, weekday, 1, LocalTime.parse(start),
                LocalTime.parse(end), recurrence, from, until));
        return this;
    }

    public PlanFixture weekly(String id, String pairingId, DayOfWeek weekday, String start, String end) {
        return entry(id, pairingId, weekday, start, end, Recurrence.WEEKLY, null, null);
    }

    public PlanFixture once(String id, String pairingId, LocalDate date, String start, String end) {
        return entry(id, pairingId, date.getDayOfWeek(), start, end, Recurrence.ONCE, date, null);
    }

    public Plan plan() {
        return new Plan(regions, schools, classrooms, teachers, pairings, terms, entries);
    }
}
