package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * A timetable entry reduced to what the double-booking sweep needs: the weekday whose
 * timetable it belongs to, its time range in seconds of the day (half-open), and the
 * dates it is taught on (one date for a {@link Recurrence#ONCE} lesson, a bit set of
 * term days otherwise). Does not know which classrooms or teachers it uses.
 */
final class Lesson {
    final TimetableEntry entry;
    final DayOfWeek weekday;
    final int start;
    final int end;
    private final TermDays days;
    private final LocalDate once;
    private final BitSet dates;

    private Lesson(TimetableEntry entry, DayOfWeek weekday, TermDays days, LocalDate once, BitSet dates) {
        this.entry = entry;
        this.weekday = weekday;
        this.start = entry.start().toSecondOfDay();
        this.end = entry.end().toSecondOfDay();
        this.days = days;
        this.once = once;
        this.dates = dates;
    }

    /** The lesson of an entry, or {@code null} when the entry yields no dated lesson at all. */
    static Lesson of(TimetableEntry entry, TermDays days) {
        if (entry.start() == null || entry.end() == null || !entry.start().isBefore(entry.end())) {
            return null;
        }
        if (entry.recurrence() == Recurrence.ONCE) {
            if (entry.from() == null) {
                return null;
            }
            return new Lesson(entry, SessionCalendar.taughtWeekday(days.term(), entry.from()), days, entry.from(), null);
        }
        if (entry.weekday() == null || entry.recurrence() == null) {
            return null;
        }
        BitSet dates = days.dates(entry.weekday(), entry.recurrence(), entry.from(), entry.until());
        return dates.isEmpty() ? null : new Lesson(entry, entry.weekday(), days, null, dates);
    }

    /** The first date on which both lessons are taught, or {@code null} when they never meet. */
    LocalDate firstSharedDate(Lesson other) {
        if (once != null && other.once != null) {
            return once.equals(other.once) ? once : null;
        }
        if (once != null) {
            return days.holds(other.dates, once) ? once : null;
        }
        if (other.once != null) {
            return days.holds(dates, other.once) ? other.once : null;
        }
        if (!dates.intersects(other.dates)) {
            return null;
        }
        BitSet both = (BitSet) dates.clone();
        both.and(other.dates);
        return days.date(both.nextSetBit(0));
    }
}
