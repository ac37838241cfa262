package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.SchoolKind;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep finds exactly the double bookings a brute-force comparison of every pair of
 * entries finds from the sessions {@link SessionCalendar} derives, on dense random plans
 * (fixed seeds, so every run checks the same plans) mixing every recurrence, bounded
 * ranges, one-off lessons on holidays and make-up days.
 */
class ConflictCheckerAgreementTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    @DisplayName("the sweep reports exactly the double bookings that a pairwise check of calendar sessions finds")
    void agreesWithBruteForce(long seed) {
        Random rnd = new Random(seed);
        PlanFixture f = PlanFixture.withTerm();
        f.school("s-u", "城区学校", null, SchoolKind.URBAN, false);
        for (int i = 0; i < 4; i++) {
            f.master("cm-" + i, "s-u");
            f.listening("cl-" + i, "s-v" + i);
        }
        for (int p = 0; p < 8; p++) {
            List<String> listening = new ArrayList<>();
            int count = 1 + rnd.nextInt(2);
            for (int k = 0; k < count; k++) {
                listening.add("cl-" + rnd.nextInt(4));
                listening.add("ta-" + rnd.nextInt(4));
            }
            f.pairing("p-" + p, "cm-" + rnd.nextInt(4), "tm-" + rnd.nextInt(3), "科学", LessonProfile.LOW,
                    listening.toArray(String[]::new));
        }
        Term term = f.terms.get(PlanFixture.TERM);
        LocalDate[] specialDays = {PlanFixture.MAKE_UP_MONDAY, PlanFixture.MAKE_UP_FRIDAY, PlanFixture.HOLIDAY_MONDAY,
                LocalDate.of(2026, 10, 1), LocalDate.of(2026, 9, 7), LocalDate.of(2026, 9, 14), LocalDate.of(2026, 8, 30)};
        for (int e = 0; e < 70; e++) {
            String pairing = "p-" + rnd.nextInt(8);
            int startMin = 8 * 60 + 10 * rnd.nextInt(12);
            String start = "%02d:%02d".formatted(startMin / 60, startMin % 60);
            int endMin = startMin + 10 * (1 + rnd.nextInt(6));
            String end = "%02d:%02d".formatted(endMin / 60, endMin % 60);
            int r = rnd.nextInt(10);
            if (r < 2) {
                LocalDate date = rnd.nextBoolean() ? specialDays[rnd.nextInt(specialDays.length)]
                        : term.start().plusDays(rnd.nextInt(60));
                f.once("e-%02d".formatted(e), pairing, date, start, end);
            } else {
                Recurrence rec = r < 5 ? Recurrence.WEEKLY : r < 7 ? Recurrence.ODD_WEEKS : Recurrence.EVEN_WEEKS;
                LocalDate from = rnd.nextInt(4) == 0 ? term.start().plusWeeks(rnd.nextInt(8)) : null;
                LocalDate until = rnd.nextInt(4) == 0 ? term.start().plusWeeks(3 + rnd.nextInt(10)) : null;
                DayOfWeek day = rnd.nextInt(8) == 0 ? DayOfWeek.SATURDAY : DayOfWeek.of(1 + rnd.nextInt(2));
                f.entry("e-%02d".formatted(e), pairing, day, start, end, rec, from, until);
            }
        }
        Plan plan = f.plan();

        Set<String> expected = bruteForce(plan, term);
        Set<String> actual = new TreeSet<>();
        for (Conflict c : new ConflictChecker().check(plan)) {
            if (c.kind() == ConflictKind.CLASSROOM_DOUBLE_BOOKED || c.kind() == ConflictKind.TEACHER_DOUBLE_BOOKED) {
                actual.add(c.kind() + " " + c.subject().id() + " " + c.first().id() + " " + c.second().id());
            }
        }
        assertTrue(expected.size() > 20, () -> "the random plan should be dense enough to clash: " + expected.size());
        assertEquals(expected, actual);
    }

    /** Every pair of entries, every shared classroom or teacher, dates from the calendar: O(n²), for reference. */
    private static Set<String> bruteForce(Plan plan, Term term) {
        List<TimetableEntry> entries = new ArrayList<>(plan.entries().values());
        List<Set<LocalDate>> dates = new ArrayList<>();
        for (TimetableEntry e : entries) {
            Set<LocalDate> d = new HashSet<>();
            for (LessonSession s : SessionCalendar.of(e, term, term.start().minusDays(60), term.end().plusDays(60))) {
                d.add(s.date());
            }
            dates.add(d);
        }
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                TimetableEntry a = entries.get(i);
                TimetableEntry b = entries.get(j);
                boolean timesMeet = a.start().isBefore(b.end()) && b.start().isBefore(a.end());
                Set<LocalDate> shared = new HashSet<>(dates.get(i));
                shared.retainAll(dates.get(j));
                if (!timesMeet || shared.isEmpty()) {
                    continue;
                }
                String first = a.id().compareTo(b.id()) < 0 ? a.id() : b.id();
                String second = first.equals(a.id()) ? b.id() : a.id();
                Set<String> rooms = rooms(plan.pairings().get(a.pairingId()));
                rooms.retainAll(rooms(plan.pairings().get(b.pairingId())));
                rooms.forEach(room -> out.add("CLASSROOM_DOUBLE_BOOKED " + room + " " + first + " " + second));
                Set<String> teachers = teachers(plan.pairings().get(a.pairingId()));
                teachers.retainAll(teachers(plan.pairings().get(b.pairingId())));
                teachers.forEach(t -> out.add("TEACHER_DOUBLE_BOOKED " + t + " " + first + " " + second));
            }
        }
        return out;
    }

    private static Set<String> rooms(Pairing p) {
        Set<String> out = new LinkedHashSet<>();
        out.add(p.masterClassroomId());
        p.listening().forEach(pc -> out.add(pc.classroomId()));
        return out;
    }

    private static Set<String> teachers(Pairing p) {
        Set<String> out = new LinkedHashSet<>();
        out.add(p.masterTeacherId());
        for (PairedClassroom pc : p.listening()) {
            out.add(pc.assistantTeacherId());
        }
        return out;
    }
}
