package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.LessonProfile;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a plan against every conflict rule and reports every clash at once, each
 * naming both sides. Pure: no I/O, no clock.
 *
 * <p>Rules (see {@code docs/scheduler-rules.md}): a classroom or a teacher in two
 * lessons that meet ({@link ConflictKind#CLASSROOM_DOUBLE_BOOKED},
 * {@link ConflictKind#TEACHER_DOUBLE_BOOKED}); a lesson outside its term or whose
 * term does not exist ({@link ConflictKind#OUTSIDE_TERM}); a one-off lesson on a
 * holiday ({@link ConflictKind#ON_HOLIDAY}); a link below the pairing's profile
 * ({@link ConflictKind#DOWNLINK_TOO_LOW}); a pairing inside one school
 * ({@link ConflictKind#SAME_SCHOOL}). Messages are in Chinese (zh-CN) and put ids in
 * brackets; the {@code kind} and the refs are the machine-readable part.
 *
 * <p>Double bookings are found without comparing every entry with every other: the
 * lessons are grouped by (term, classroom or teacher, taught weekday), each group is
 * sorted by start time and swept once, and only lessons whose times intersect are
 * tested for a shared date. The cost is O(n log n) in the number of entries times
 * the classrooms and teachers each uses, plus the clashes found.
 *
 * <p>Does not check what the store already refuses (unknown pairings or classrooms,
 * an end before a start): entries with such gaps are skipped by the rules that need
 * the missing part.
 */
public final class ConflictChecker {

    /** Order of refs: by type, then by id (plain string order). */
    public static final Comparator<Ref> REF_ORDER = Comparator.comparing(Ref::type).thenComparing(Ref::id);

    /** The stable output order: by kind (declaration order), then subject, first, second. */
    public static final Comparator<Conflict> ORDER = Comparator.comparing(Conflict::kind)
            .thenComparing(Conflict::subject, REF_ORDER)
            .thenComparing(Conflict::first, REF_ORDER)
            .thenComparing(Conflict::second, REF_ORDER);

    private static final String[] WEEKDAY_ZH = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

    /** Every conflict in the plan, in a stable order. */
    public List<Conflict> check(Plan plan) {
        List<Conflict> out = new ArrayList<>();
        checkTerms(plan, out);
        checkDoubleBookings(plan, out);
        checkLinks(plan, out);
        checkSameSchool(plan, out);
        out.sort(ORDER);
        List<Conflict> distinct = new ArrayList<>(out.size());
        Conflict previous = null;
        for (Conflict c : out) {
            if (previous == null || ORDER.compare(previous, c) != 0) {
                distinct.add(c);
            }
            previous = c;
        }
        return List.copyOf(distinct);
    }

    /** Conflicts present in {@code after} and absent from {@code before}: what an edit would create. */
    public List<Conflict> introducedBy(Plan before, Plan after) {
        Set<Key> known = new HashSet<>();
        for (Conflict c : check(before)) {
            known.add(Key.of(c));
        }
        List<Conflict> out = new ArrayList<>();
        for (Conflict c : check(after)) {
            if (!known.contains(Key.of(c))) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** What makes two conflicts the same one: everything but the message. */
    private record Key(ConflictKind kind, Ref subject, Ref first, Ref second) {
        static Key of(Conflict c) {
            return new Key(c.kind(), c.subject(), c.first(), c.second());
        }
    }

    // ---- OUTSIDE_TERM, ON_HOLIDAY

    private static void checkTerms(Plan plan, List<Conflict> out) {
        for (TimetableEntry e : plan.entries().values()) {
            Ref entry = Ref.entry(e.id());
            Term term = e.termId() == null ? null : plan.terms().get(e.termId());
            Ref termRef = Ref.term(String.valueOf(e.termId()));
            if (term == null) {
                out.add(new Conflict(ConflictKind.OUTSIDE_TERM, entry, entry, termRef,
                        "条目 [id:%s] 所属的学期 [id:%s] 不存在".formatted(e.id(), e.termId())));
                continue;
            }
            String bounds = "%s 至 %s".formatted(term.start(), term.end());
            if (e.recurrence() == Recurrence.ONCE) {
                LocalDate date = e.from();
                if (date == null) {
                    out.add(new Conflict(ConflictKind.OUTSIDE_TERM, entry, entry, termRef,
                            "单次课条目 [id:%s] 没有日期，无法排入学期 [id:%s]（%s）".formatted(e.id(), term.id(), bounds)));
                    continue;
                }
                if (outside(date, term)) {
                    out.add(new Conflict(ConflictKind.OUTSIDE_TERM, entry, entry, termRef,
                            "单次课条目 [id:%s] 的日期 %s 不在学期 [id:%s]（%s）内".formatted(e.id(), date, term.id(), bounds)));
                }
                if (term.holidays().contains(date)) {
                    out.add(new Conflict(ConflictKind.ON_HOLIDAY, entry, entry, Ref.date(date),
                            "单次课条目 [id:%s] 排在学期 [id:%s] 的假日 %s".formatted(e.id(), term.id(), date)));
                }
            } else {
                List<String> wrong = new ArrayList<>(2);
                if (e.from() != null && outside(e.from(), term)) {
                    wrong.add("起始日期 " + e.from());
                }
                if (e.until() != null && outside(e.until(), term)) {
                    wrong.add("结束日期 " + e.until());
                }
                if (!wrong.isEmpty()) {
                    out.add(new Conflict(ConflictKind.OUTSIDE_TERM, entry, entry, termRef,
                            "条目 [id:%s] 的%s不在学期 [id:%s]（%s）内".formatted(e.id(), String.join("、", wrong), term.id(), bounds)));
                }
            }
        }
    }

    private static boolean outside(LocalDate date, Term term) {
        return date.isBefore(term.start()) || date.isAfter(term.end());
    }

    // ---- CLASSROOM_DOUBLE_BOOKED, TEACHER_DOUBLE_BOOKED

    /** One sweep group: a classroom or teacher on one taught weekday of one term. */
    private record Slot(String termId, Ref subject, DayOfWeek weekday) {
    }

    private static final Comparator<Lesson> BY_START = Comparator.<Lesson>comparingInt(l -> l.start)
            .thenComparingInt(l -> l.end)
            .thenComparing(l -> l.entry.id());

    private static void checkDoubleBookings(Plan plan, List<Conflict> out) {
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

    // ---- DOWNLINK_TOO_LOW

    private static void checkLinks(Plan plan, List<Conflict> out) {
        for (Pairing p : plan.pairings().values()) {
            LessonProfile profile = p.profile();
            if (profile == null) {
                continue;
            }
            Ref pairing = Ref.pairing(p.id());
            Classroom master = p.masterClassroomId() == null ? null : plan.classrooms().get(p.masterClassroomId());
            if (master != null && master.uplinkKbps() < profile.uplinkKbps()) {
                Ref room = Ref.classroom(master.id());
                out.add(new Conflict(ConflictKind.DOWNLINK_TOO_LOW, room, pairing, room,
                        "主讲教室 [id:%s] 的上行带宽 %d kbps 低于结对 [id:%s] 的 %s 档所需的 %d kbps".formatted(
                                master.id(), master.uplinkKbps(), p.id(), profile, profile.uplinkKbps())));
            }
            for (PairedClassroom pc : p.listening()) {
                Classroom listening = pc.classroomId() == null ? null : plan.classrooms().get(pc.classroomId());
                if (listening != null && listening.downlinkKbps() < profile.downlinkKbps()) {
                    Ref room = Ref.classroom(listening.id());
                    out.add(new Conflict(ConflictKind.DOWNLINK_TOO_LOW, room, pairing, room,
                            "听讲教室 [id:%s] 的下行带宽 %d kbps 低于结对 [id:%s] 的 %s 档所需的 %d kbps".formatted(
                                    listening.id(), listening.downlinkKbps(), p.id(), profile, profile.downlinkKbps())));
                }
            }
        }
    }

    // ---- SAME_SCHOOL

    private static void checkSameSchool(Plan plan, List<Conflict> out) {
        for (Pairing p : plan.pairings().values()) {
            Classroom master = p.masterClassroomId() == null ? null : plan.classrooms().get(p.masterClassroomId());
            if (master == null || master.schoolId() == null) {
                continue;
            }
            for (PairedClassroom pc : p.listening()) {
                Classroom listening = pc.classroomId() == null ? null : plan.classrooms().get(pc.classroomId());
                if (listening != null && master.schoolId().equals(listening.schoolId())) {
                    out.add(new Conflict(ConflictKind.SAME_SCHOOL, new Ref("school", master.schoolId()),
                            Ref.pairing(p.id()), Ref.classroom(listening.id()),
                            "结对 [id:%s] 的听讲教室 [id:%s] 与主讲教室 [id:%s] 同属学校 [id:%s]".formatted(
                                    p.id(), listening.id(), master.id(), master.schoolId())));
                }
            }
        }
    }
}
