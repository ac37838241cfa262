package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Ref;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link io.sanke.scheduler.api.ConflictKind#CLASSROOM_DOUBLE_BOOKED} and
 * {@link io.sanke.scheduler.api.ConflictKind#TEACHER_DOUBLE_BOOKED}: a classroom (master or listening) or a
 * teacher (master or assistant) in two lessons that meet. Groups lessons by (term, classroom or teacher,
 * taught weekday), sorts each group by start time and sweeps it once, testing only lessons whose times
 * intersect for a shared date ({@link Lesson#firstSharedDate}). Does not check terms or links.
 */
final class DoubleBookingRule {
    private DoubleBookingRule() {
    }

    private static final String[] WEEKDAY_ZH = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

    /** One sweep group: a classroom or teacher on one taught weekday of one term. */
    private record Slot(String termId, Ref subject, DayOfWeek weekday) {
    }

    private static final Comparator<Lesson> BY_START = Comparator.<Lesson>comparingInt(l -> l.start)
            .thenComparingInt(l -> l.end)
            .thenComparing(l -> l.entry.id());

    static void check(Plan plan, List<Conflict> out) {
        Map<String, TermDays> calendars = new HashMap<>();
        Map<String, List<Ref>> resourcesByPairing = new HashMap<>();
        Map<Slot, List<Lesson>> slots = new HashMap<>();
        for (TimetableEntry e : plan.entries().values()) {
            Term term = e.termId() == null ? null : plan.terms().get(e.termId());
            Pairing pairing = e.pairingId() == null ? null : plan.pairings().get(e.pairingId());
            if (term == null || pairing == null) {
                continue;
            }
            Lesson lesson = Lesson.of(e, calendars.computeIfAbsent(term.id(), id -> new TermDays(term)));
            if (lesson == null) {
                continue;
            }
            for (Ref resource : resourcesByPairing.computeIfAbsent(pairing.id(), id -> resources(pairing))) {
                slots.computeIfAbsent(new Slot(term.id(), resource, lesson.weekday), k -> new ArrayList<>(4)).add(lesson);
            }
        }
        for (Map.Entry<Slot, List<Lesson>> slot : slots.entrySet()) {
            if (slot.getValue().size() > 1) {
                sweep(slot.getKey().subject(), slot.getValue(), out);
            }
        }
    }

    /** Classrooms and teachers a pairing's lessons occupy, each once. */
    private static List<Ref> resources(Pairing p) {
        Set<Ref> refs = new LinkedHashSet<>();
        if (p.masterClassroomId() != null) {
            refs.add(Ref.classroom(p.masterClassroomId()));
        }
        for (PairedClassroom pc : p.listening()) {
            if (pc.classroomId() != null) {
                refs.add(Ref.classroom(pc.classroomId()));
            }
        }
        if (p.masterTeacherId() != null) {
            refs.add(Ref.teacher(p.masterTeacherId()));
        }
        for (PairedClassroom pc : p.listening()) {
            if (pc.assistantTeacherId() != null) {
                refs.add(Ref.teacher(pc.assistantTeacherId()));
            }
        }
        return List.copyOf(refs);
    }

    private static void sweep(Ref subject, List<Lesson> lessons, List<Conflict> out) {
        lessons.sort(BY_START);
        List<Lesson> active = new ArrayList<>();
        for (Lesson lesson : lessons) {
            active.removeIf(a -> a.end <= lesson.start);
            for (Lesson a : active) {
                LocalDate shared = a.firstSharedDate(lesson);
                if (shared != null && !a.entry.id().equals(lesson.entry.id())) {
                    out.add(doubleBooked(subject, a, lesson, shared));
                }
            }
            active.add(lesson);
        }
    }

    private static Conflict doubleBooked(Ref subject, Lesson a, Lesson b, LocalDate shared) {
        Lesson first = a.entry.id().compareTo(b.entry.id()) <= 0 ? a : b;
        Lesson second = first == a ? b : a;
        boolean classroom = subject.type().equals("classroom");
        String message = "%s [id:%s] 同时排了两节课：条目 [id:%s]（%s）与条目 [id:%s]（%s），最早在 %s".formatted(
                classroom ? "教室" : "教师", subject.id(),
                first.entry.id(), when(first), second.entry.id(), when(second), shared);
        return new Conflict(classroom ? ConflictKind.CLASSROOM_DOUBLE_BOOKED : ConflictKind.TEACHER_DOUBLE_BOOKED,
                subject, Ref.entry(first.entry.id()), Ref.entry(second.entry.id()), message);
    }

    private static String when(Lesson l) {
        String time = hhmm(l.entry.start()) + "–" + hhmm(l.entry.end());
        return l.entry.recurrence() == Recurrence.ONCE
                ? l.entry.from() + " " + time
                : WEEKDAY_ZH[l.weekday.ordinal()] + " " + time + recurrenceZh(l.entry.recurrence());
    }

    private static String recurrenceZh(Recurrence r) {
        return switch (r) {
            case ODD_WEEKS -> "，单周";
            case EVEN_WEEKS -> "，双周";
            default -> "";
        };
    }

    private static String hhmm(LocalTime t) {
        return "%02d:%02d".formatted(t.getHour(), t.getMinute());
    }
}
