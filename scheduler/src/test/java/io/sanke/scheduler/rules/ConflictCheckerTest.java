package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Ref;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.Term;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sanke.scheduler.rules.PlanFixture.HOLIDAY_MONDAY;
import static io.sanke.scheduler.rules.PlanFixture.MAKE_UP_MONDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConflictCheckerTest {
    private final ConflictChecker checker = new ConflictChecker();

    /**
     * One city school with two master classrooms, three village teaching points with
     * one listening classroom each; p-1 (cm-1 → cl-1) and p-2 (cm-2 → cl-2) share nothing.
     */
    private static PlanFixture base() {
        PlanFixture f = PlanFixture.withTerm()
                .school("s-city", "城关一小", "r-1", SchoolKind.URBAN, false)
                .school("s-v1", "石门村教学点", "r-1", SchoolKind.VILLAGE, true)
                .school("s-v2", "白岩村教学点", "r-1", SchoolKind.VILLAGE, true)
                .school("s-v3", "青山村教学点", "r-1", SchoolKind.VILLAGE, true)
                .master("cm-1", "s-city").master("cm-2", "s-city")
                .listening("cl-1", "s-v1").listening("cl-2", "s-v2").listening("cl-3", "s-v3")
                .teacher("tm-1", "s-city").teacher("tm-2", "s-city")
                .teacher("ta-1", "s-v1").teacher("ta-2", "s-v2").teacher("ta-3", "s-v3");
        f.pairing("p-1", "cm-1", "tm-1", "英语", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.pairing("p-2", "cm-2", "tm-2", "音乐", LessonProfile.STANDARD, "cl-2", "ta-2");
        return f;
    }

    private static Conflict only(List<Conflict> conflicts, ConflictKind kind) {
        List<Conflict> of = conflicts.stream().filter(c -> c.kind() == kind).toList();
        assertEquals(1, of.size(), () -> "expected one " + kind + " in " + conflicts);
        return of.get(0);
    }

    private static void assertNames(Conflict c, String... ids) {
        for (String id : ids) {
            assertTrue(c.message().contains("[id:" + id + "]"), () -> c.message() + " should name " + id);
        }
    }

    @Test
    @DisplayName("a plan that breaks no rule has no conflict")
    void cleanPlan() {
        PlanFixture f = base();
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-2", MONDAY, "08:00", "08:45");
        f.weekly("e-3", "p-1", MONDAY, "08:45", "09:30");
        assertEquals(List.of(), checker.check(f.plan()));
    }

    @Test
    @DisplayName("a master classroom in two overlapping lessons is reported naming the classroom and both entries")
    void masterClassroomDoubleBooked() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.weekly("e-2", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-1", "p-3", MONDAY, "08:30", "09:15");
        Conflict c = only(checker.check(f.plan()), ConflictKind.CLASSROOM_DOUBLE_BOOKED);
        assertEquals(Ref.classroom("cm-1"), c.subject());
        assertEquals(Ref.entry("e-1"), c.first(), "sides are ordered by id");
        assertEquals(Ref.entry("e-2"), c.second());
        assertNames(c, "cm-1", "e-1", "e-2");
        assertTrue(c.message().contains("2026-09-07"), c.message() + " should give the first shared date");
        assertTrue(checker.check(f.plan()).stream().noneMatch(x -> x.kind() == ConflictKind.TEACHER_DOUBLE_BOOKED));
    }

    @Test
    @DisplayName("lessons that only touch (one ends when the other starts) do not clash")
    void touchingLessons() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-1", "美术", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-3", MONDAY, "08:45", "09:30");
        assertEquals(List.of(), checker.check(f.plan()));
    }

    @Test
    @DisplayName("lessons on different weekdays or in different terms do not clash")
    void differentDayOrTerm() {
        PlanFixture f = base();
        Term other = new Term("t-2027s", "2027 春季学期", LocalDate.of(2027, 2, 22), LocalDate.of(2027, 7, 2), Set.of(), Map.of());
        f.terms.put(other.id(), other);
        f.pairing("p-3", "cm-1", "tm-1", "美术", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-3", TUESDAY, "08:00", "08:45");
        f.entry("e-3", "t-2027s", "p-3", MONDAY, "08:00", "08:45", Recurrence.WEEKLY, null, null);
        assertEquals(List.of(), checker.check(f.plan()));
    }

    @Test
    @DisplayName("a listening classroom shared by two pairings at the same time is double-booked")
    void listeningClassroomDoubleBooked() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-2", "tm-2", "美术", LessonProfile.STANDARD, "cl-1", "ta-3");
        f.weekly("e-1", "p-1", TUESDAY, "10:00", "10:45");
        f.weekly("e-2", "p-3", TUESDAY, "10:40", "11:25");
        List<Conflict> all = checker.check(f.plan());
        Conflict c = only(all, ConflictKind.CLASSROOM_DOUBLE_BOOKED);
        assertEquals(new Conflict(ConflictKind.CLASSROOM_DOUBLE_BOOKED, Ref.classroom("cl-1"),
                Ref.entry("e-1"), Ref.entry("e-2"), c.message()), c);
        assertNames(c, "cl-1", "e-1", "e-2");
        assertEquals(1, all.size(), () -> "teachers differ, nothing else clashes: " + all);
    }

    @Test
    @DisplayName("a master teacher in two classrooms at once is double-booked")
    void masterTeacherDoubleBooked() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-2", "tm-1", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-3", MONDAY, "08:00", "08:45");
        Conflict c = only(checker.check(f.plan()), ConflictKind.TEACHER_DOUBLE_BOOKED);
        assertEquals(List.of(Ref.teacher("tm-1"), Ref.entry("e-1"), Ref.entry("e-2")), List.of(c.subject(), c.first(), c.second()));
        assertNames(c, "tm-1", "e-1", "e-2");
        assertTrue(c.message().startsWith("教师"), c.message());
    }

    @Test
    @DisplayName("an assistant teacher keeping two listening classrooms at once is double-booked")
    void assistantTeacherDoubleBooked() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-1", "英语", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.pairing("p-4", "cm-2", "tm-2", "音乐", LessonProfile.STANDARD, "cl-3", "ta-1");
        f.weekly("e-1", "p-3", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-4", MONDAY, "08:15", "09:00");
        Conflict c = only(checker.check(f.plan()), ConflictKind.TEACHER_DOUBLE_BOOKED);
        assertEquals(List.of(Ref.teacher("ta-1"), Ref.entry("e-1"), Ref.entry("e-2")), List.of(c.subject(), c.first(), c.second()));
    }

    @Test
    @DisplayName("every clash is reported at once, each pair once per classroom or teacher, in a stable order")
    void severalClashesAtOnce() {
        PlanFixture f = base();
        // p-3 uses p-1's master classroom and master teacher; p-4 uses p-1's listening classroom.
        f.pairing("p-3", "cm-1", "tm-1", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.pairing("p-4", "cm-2", "tm-2", "音乐", LessonProfile.STANDARD, "cl-1", "ta-2");
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-3", MONDAY, "08:10", "08:55");
        f.weekly("e-3", "p-3", MONDAY, "08:40", "09:25"); // also clashes with e-2 (same pairing)
        f.weekly("e-4", "p-4", MONDAY, "08:30", "09:00");
        f.once("e-5", "p-2", LocalDate.of(2026, 8, 20), "08:00", "08:45");
        List<Conflict> all = checker.check(f.plan());
        List<String> got = all.stream().map(c -> c.kind() + " " + c.subject() + " " + c.first() + " " + c.second()).toList();
        // cm-1: e-1/e-2, e-1/e-3, e-2/e-3. cl-1: e-1/e-4. cl-3 (p-3 twice): e-2/e-3.
        // tm-1: e-1/e-2, e-1/e-3, e-2/e-3. ta-3: e-2/e-3. e-4 uses cm-2/tm-2/ta-2 alone.
        assertEquals(List.of(
                "CLASSROOM_DOUBLE_BOOKED classroom/cl-1 entry/e-1 entry/e-4",
                "CLASSROOM_DOUBLE_BOOKED classroom/cl-3 entry/e-2 entry/e-3",
                "CLASSROOM_DOUBLE_BOOKED classroom/cm-1 entry/e-1 entry/e-2",
                "CLASSROOM_DOUBLE_BOOKED classroom/cm-1 entry/e-1 entry/e-3",
                "CLASSROOM_DOUBLE_BOOKED classroom/cm-1 entry/e-2 entry/e-3",
                "TEACHER_DOUBLE_BOOKED teacher/ta-3 entry/e-2 entry/e-3",
                "TEACHER_DOUBLE_BOOKED teacher/tm-1 entry/e-1 entry/e-2",
                "TEACHER_DOUBLE_BOOKED teacher/tm-1 entry/e-1 entry/e-3",
                "TEACHER_DOUBLE_BOOKED teacher/tm-1 entry/e-2 entry/e-3",
                "OUTSIDE_TERM entry/e-5 entry/e-5 term/t-2026a"), got);

        // Same plan, entries inserted in reverse: same output.
        PlanFixture g = base();
        g.pairings.putAll(f.pairings);
        List<String> ids = new ArrayList<>(f.entries.keySet());
        Collections.reverse(ids);
        ids.forEach(id -> g.entries.put(id, f.entries.get(id)));
        assertEquals(all, checker.check(g.plan()));
    }

    @Test
    @DisplayName("odd-week and even-week lessons in the same slot do not clash; weekly against odd does")
    void oddAndEvenWeeks() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-1", "美术", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.pairing("p-4", "cm-1", "tm-1", "科学", LessonProfile.STANDARD, "cl-1", "ta-1");
        f.entry("e-odd", "p-1", MONDAY, "08:00", "08:45", Recurrence.ODD_WEEKS, null, null);
        f.entry("e-even", "p-3", MONDAY, "08:00", "08:45", Recurrence.EVEN_WEEKS, null, null);
        assertEquals(List.of(), checker.check(f.plan()));

        f.weekly("e-weekly", "p-4", MONDAY, "08:30", "09:15");
        List<Conflict> all = checker.check(f.plan());
        assertTrue(all.stream().allMatch(c -> c.first().id().equals("e-even") && c.second().id().equals("e-weekly")
                || c.first().id().equals("e-odd") && c.second().id().equals("e-weekly")), all::toString);
        // cm-1, cl-1, tm-1, ta-1 each against e-even and e-odd.
        assertEquals(8, all.size(), all::toString);
    }

    @Test
    @DisplayName("weekly lessons whose date ranges do not meet do not clash; ranges that meet do")
    void dateRanges() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.entry("e-1", "p-1", MONDAY, "08:00", "08:45", Recurrence.WEEKLY, null, LocalDate.of(2026, 10, 31));
        f.entry("e-2", "p-3", MONDAY, "08:00", "08:45", Recurrence.WEEKLY, LocalDate.of(2026, 11, 1), null);
        assertEquals(List.of(), checker.check(f.plan()));

        f.entry("e-2", "p-3", MONDAY, "08:00", "08:45", Recurrence.WEEKLY, LocalDate.of(2026, 10, 26), null);
        Conflict c = only(checker.check(f.plan()), ConflictKind.CLASSROOM_DOUBLE_BOOKED);
        assertTrue(c.message().contains("2026-10-26"), c.message());
    }

    @Test
    @DisplayName("a one-off lesson on a make-up Saturday clashes with Monday lessons, not with Saturday ones")
    void makeUpDay() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.weekly("e-sat", "p-3", SATURDAY, "08:00", "08:45");
        f.once("e-once", "p-1", MAKE_UP_MONDAY, "08:00", "08:45");
        assertEquals(List.of(), checker.check(f.plan()), "2026-09-26 teaches Monday's timetable, not Saturday's");

        f.weekly("e-mon", "p-3", MONDAY, "08:30", "09:15");
        Conflict c = only(checker.check(f.plan()), ConflictKind.CLASSROOM_DOUBLE_BOOKED);
        assertEquals(List.of(Ref.classroom("cm-1"), Ref.entry("e-mon"), Ref.entry("e-once")), List.of(c.subject(), c.first(), c.second()));
        assertTrue(c.message().contains(MAKE_UP_MONDAY.toString()), c.message());
    }

    @Test
    @DisplayName("a one-off lesson clashes with an odd-week entry only in an odd week")
    void onceAgainstOddWeeks() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.entry("e-odd", "p-3", MONDAY, "08:00", "08:45", Recurrence.ODD_WEEKS, null, null);
        f.once("e-week2", "p-1", LocalDate.of(2026, 9, 7), "08:00", "08:45");   // week 2
        f.once("e-week4", "p-1", MAKE_UP_MONDAY, "08:00", "08:45");            // week 4
        assertEquals(List.of(), checker.check(f.plan()));
        f.once("e-week3", "p-1", LocalDate.of(2026, 9, 14), "08:00", "08:45"); // week 3
        Conflict c = only(checker.check(f.plan()), ConflictKind.CLASSROOM_DOUBLE_BOOKED);
        assertEquals(List.of(Ref.entry("e-odd"), Ref.entry("e-week3")), List.of(c.first(), c.second()));
    }

    @Test
    @DisplayName("a one-off lesson on a holiday is reported with the date, and does not clash with the weekly lesson skipped that day")
    void onHoliday() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.weekly("e-mon", "p-3", MONDAY, "08:00", "08:45");
        f.once("e-hol", "p-1", HOLIDAY_MONDAY, "08:00", "08:45");
        List<Conflict> all = checker.check(f.plan());
        assertEquals(1, all.size(), all::toString);
        Conflict c = all.get(0);
        assertEquals(List.of(ConflictKind.ON_HOLIDAY, Ref.entry("e-hol"), Ref.entry("e-hol"), Ref.date(HOLIDAY_MONDAY)),
                List.of(c.kind(), c.subject(), c.first(), c.second()));
        assertNames(c, "e-hol", PlanFixture.TERM);
        assertTrue(c.message().contains("2026-10-05"), c.message());
    }

    @Test
    @DisplayName("two one-off lessons on the same holiday still clash with each other")
    void twoOnHoliday() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.once("e-1", "p-1", HOLIDAY_MONDAY, "08:00", "08:45");
        f.once("e-2", "p-3", HOLIDAY_MONDAY, "08:00", "08:45");
        List<ConflictKind> kinds = checker.check(f.plan()).stream().map(Conflict::kind).toList();
        assertEquals(List.of(ConflictKind.CLASSROOM_DOUBLE_BOOKED, ConflictKind.ON_HOLIDAY, ConflictKind.ON_HOLIDAY), kinds);
    }

    @Test
    @DisplayName("lessons dated outside their term, or in a term that does not exist, are reported against the term")
    void outsideTerm() {
        PlanFixture f = base();
        f.once("e-before", "p-1", LocalDate.of(2026, 8, 28), "08:00", "08:45");
        f.entry("e-late", "p-1", TUESDAY, "08:00", "08:45", Recurrence.WEEKLY, null, LocalDate.of(2027, 2, 1));
        f.entry("e-early", "p-2", TUESDAY, "09:00", "09:45", Recurrence.ODD_WEEKS, LocalDate.of(2026, 8, 1), null);
        f.entry("e-fine", "p-2", MONDAY, "09:00", "09:45", Recurrence.WEEKLY, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 15));
        f.entry("e-noterm", "t-none", "p-2", MONDAY, "10:00", "10:45", Recurrence.WEEKLY, null, null);
        List<Conflict> all = checker.check(f.plan());
        assertEquals(List.of("e-before", "e-early", "e-late", "e-noterm"),
                all.stream().map(c -> c.first().id()).toList(), all::toString);
        for (Conflict c : all) {
            assertEquals(ConflictKind.OUTSIDE_TERM, c.kind());
            assertEquals(c.first(), c.subject());
            assertEquals("term", c.second().type());
            assertNames(c, c.first().id(), c.second().id());
        }
        assertEquals(Ref.term("t-none"), all.get(3).second());
        assertTrue(all.get(2).message().contains("2027-02-01"), all.get(2).message());
    }

    @Test
    @DisplayName("a listening classroom below the profile's downlink and a master below its uplink are both reported")
    void linkTooLow() {
        PlanFixture f = base();
        f.classroom("cl-1", "s-v1", io.sanke.scheduler.api.ClassroomKind.LISTENING, false, 10_000, 1_199);
        f.classroom("cm-2", "s-city", io.sanke.scheduler.api.ClassroomKind.MASTER, true, 1_999, 10_000);
        f.classroom("cl-2", "s-v2", io.sanke.scheduler.api.ClassroomKind.LISTENING, false, 100, 1_200); // exactly enough
        List<Conflict> all = checker.check(f.plan());
        assertEquals(2, all.size(), all::toString);
        Conflict listening = all.get(0);
        Conflict master = all.get(1);
        assertEquals(List.of(ConflictKind.DOWNLINK_TOO_LOW, Ref.classroom("cl-1"), Ref.pairing("p-1"), Ref.classroom("cl-1")),
                List.of(listening.kind(), listening.subject(), listening.first(), listening.second()));
        assertNames(listening, "cl-1", "p-1");
        assertTrue(listening.message().contains("下行") && listening.message().contains("1199") && listening.message().contains("1200"),
                listening.message());
        assertEquals(List.of(ConflictKind.DOWNLINK_TOO_LOW, Ref.classroom("cm-2"), Ref.pairing("p-2"), Ref.classroom("cm-2")),
                List.of(master.kind(), master.subject(), master.first(), master.second()));
        assertTrue(master.message().contains("上行") && master.message().contains("2000"), master.message());
    }

    @Test
    @DisplayName("a pairing whose listening classroom sits in the master classroom's school is reported")
    void sameSchool() {
        PlanFixture f = base();
        f.listening("cl-city", "s-city");
        f.pairing("p-3", "cm-1", "tm-1", "美术", LessonProfile.LOW, "cl-3", "ta-3", "cl-city", "ta-2");
        Conflict c = only(checker.check(f.plan()), ConflictKind.SAME_SCHOOL);
        assertEquals(List.of(new Ref("school", "s-city"), Ref.pairing("p-3"), Ref.classroom("cl-city")),
                List.of(c.subject(), c.first(), c.second()));
        assertNames(c, "p-3", "cl-city", "cm-1", "s-city");
    }

    @Test
    @DisplayName("introducedBy gives only the conflicts an edit creates")
    void introducedBy() {
        PlanFixture f = base();
        f.pairing("p-3", "cm-1", "tm-2", "美术", LessonProfile.STANDARD, "cl-3", "ta-3");
        f.weekly("e-1", "p-1", MONDAY, "08:00", "08:45");
        f.weekly("e-2", "p-3", MONDAY, "08:00", "08:45");       // existing clash on cm-1
        f.once("e-3", "p-2", HOLIDAY_MONDAY, "08:00", "08:45");  // existing holiday
        Plan before = f.plan();
        f.weekly("e-4", "p-2", MONDAY, "09:00", "09:45");        // clean
        f.weekly("e-5", "p-3", TUESDAY, "08:00", "08:45");
        f.weekly("e-6", "p-1", TUESDAY, "08:40", "09:20");       // new clash on cm-1
        Plan after = f.plan();
        List<Conflict> introduced = checker.introducedBy(before, after);
        assertEquals(1, introduced.size(), introduced::toString);
        Conflict c = introduced.get(0);
        assertEquals(List.of(ConflictKind.CLASSROOM_DOUBLE_BOOKED, Ref.classroom("cm-1"), Ref.entry("e-5"), Ref.entry("e-6")),
                List.of(c.kind(), c.subject(), c.first(), c.second()));
        assertEquals(List.of(), checker.introducedBy(after, after));
        assertEquals(2, checker.introducedBy(Plan.empty(), before).size(), "everything is new against an empty plan");
    }

    @Test
    @DisplayName("a one-off lesson with no date is reported and does not break the sweep")
    void onceWithoutDate() {
        PlanFixture f = base();
        f.entry("e-1", "p-1", DayOfWeek.MONDAY, "08:00", "08:45", Recurrence.ONCE, null, null);
        f.weekly("e-2", "p-1", DayOfWeek.MONDAY, "08:00", "08:45");
        Conflict c = only(checker.check(f.plan()), ConflictKind.OUTSIDE_TERM);
        assertEquals(Ref.entry("e-1"), c.first());
    }
}
