package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Ref;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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

    /** Every conflict in the plan, in a stable order. */
    public List<Conflict> check(Plan plan) {
        List<Conflict> out = new ArrayList<>();
        TermRule.check(plan, out);
        DoubleBookingRule.check(plan, out);
        LinkRule.check(plan, out);
        SameSchoolRule.check(plan, out);
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
}
