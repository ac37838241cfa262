package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.Term;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The teaching days of one term, by the weekday whose timetable is taught on them,
 * with the same semantics as {@link SessionCalendar}: holidays skipped, make-up days
 * teaching the weekday they name. A day is an offset from the term's first day, so a
 * recurring entry's dates fit in a small {@link BitSet} and two entries share a day
 * when their bit sets intersect. Does not know about entries beyond their dates.
 */
final class TermDays {
    private final Term term;
    private final long startDay;
    private final int length;
    /** Per weekday (index 0 = Monday): offsets of the days teaching it, ascending. */
    private final int[][] offsets = new int[7][];
    /** Per weekday: week of term of each of those days. */
    private final int[][] weeks = new int[7][];
    private final Map<DatesKey, BitSet> cache = new HashMap<>();

    private record DatesKey(DayOfWeek weekday, Recurrence recurrence, LocalDate from, LocalDate until) {
    }

    TermDays(Term term) {
        this.term = term;
        this.startDay = term.start().toEpochDay();
        this.length = (int) Math.max(0, term.end().toEpochDay() - startDay + 1);
        int[] counts = new int[7];
        DayOfWeek[] taught = new DayOfWeek[length];
        for (int i = 0; i < length; i++) {
            LocalDate date = term.start().plusDays(i);
            if (!term.holidays().contains(date)) {
                taught[i] = SessionCalendar.taughtWeekday(term, date);
                counts[taught[i].ordinal()]++;
            }
        }
        for (int w = 0; w < 7; w++) {
            offsets[w] = new int[counts[w]];
            weeks[w] = new int[counts[w]];
            counts[w] = 0;
        }
        for (int i = 0; i < length; i++) {
            if (taught[i] != null) {
                int w = taught[i].ordinal();
                offsets[w][counts[w]] = i;
                weeks[w][counts[w]] = SessionCalendar.weekOfTerm(term, term.start().plusDays(i));
                counts[w]++;
            }
        }
    }

    Term term() {
        return term;
    }

    /** Offset of a date from the term's first day; negative or past the end for a date outside the term. */
    long offset(LocalDate date) {
        return date.toEpochDay() - startDay;
    }

    LocalDate date(long offset) {
        return LocalDate.ofEpochDay(startDay + offset);
    }

    /** True when a recurring lesson's bit set holds the date (false for dates outside the term). */
    boolean holds(BitSet dates, LocalDate date) {
        long off = offset(date);
        return off >= 0 && off < length && dates.get((int) off);
    }

    /**
     * The days a recurring entry is taught on, as offsets; shared between entries with
     * the same weekday, recurrence and bounds. Not for {@link Recurrence#ONCE}.
     */
    BitSet dates(DayOfWeek weekday, Recurrence recurrence, LocalDate from, LocalDate until) {
        return cache.computeIfAbsent(new DatesKey(weekday, recurrence, from, until), this::compute);
    }

    private BitSet compute(DatesKey key) {
        long lo = key.from() == null ? 0 : Math.max(0, offset(key.from()));
        long hi = key.until() == null ? length - 1 : Math.min(length - 1, offset(key.until()));
        BitSet bits = new BitSet(length);
        int w = key.weekday().ordinal();
        for (int i = 0; i < offsets[w].length; i++) {
            int off = offsets[w][i];
            if (off >= lo && off <= hi && inWeek(key.recurrence(), weeks[w][i])) {
                bits.set(off);
            }
        }
        return bits;
    }

    private static boolean inWeek(Recurrence recurrence, int week) {
        return switch (recurrence) {
            case WEEKLY, ONCE -> true;
            case ODD_WEEKS -> week % 2 == 1;
            case EVEN_WEEKS -> week % 2 == 0;
        };
    }
}
