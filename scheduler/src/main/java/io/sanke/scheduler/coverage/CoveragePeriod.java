package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.Term;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.Locale;

/**
 * A reporting period {@code [from, to]}, both days included, and the helpers that turn
 * {@code week|month|term} and a date into one: ISO weeks (Monday to Sunday), calendar
 * months, the bounds of a term. Does not know about time zones: days are the
 * schools' days (Asia/Shanghai).
 */
public record CoveragePeriod(LocalDate from, LocalDate to) {
    public CoveragePeriod {
        if (from == null || to == null) {
            throw SchedulerException.invalid("period", "from and to are both required");
        }
        if (from.isAfter(to)) {
            throw SchedulerException.invalid("period", "from " + from + " is after to " + to);
        }
    }

    /** The kinds of period a request can name. */
    public enum Kind {
        WEEK, MONTH, TERM;

        /** {@code week}, {@code month} or {@code term}, any case; {@code invalid} otherwise. */
        public static Kind parse(String text) {
            if (text != null) {
                for (Kind k : values()) {
                    if (k.name().equalsIgnoreCase(text.trim())) {
                        return k;
                    }
                }
            }
            throw SchedulerException.invalid("period", "unknown period [" + text + "], expected week, month or term");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The ISO week (Monday to Sunday) holding the date. */
    public static CoveragePeriod week(LocalDate date) {
        LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new CoveragePeriod(monday, monday.plusDays(6));
    }

    /** The calendar month holding the date. */
    public static CoveragePeriod month(LocalDate date) {
        return new CoveragePeriod(date.withDayOfMonth(1), date.with(TemporalAdjusters.lastDayOfMonth()));
    }

    /** The term's first to last day. */
    public static CoveragePeriod term(Term term) {
        if (term == null) {
            throw SchedulerException.invalid("period", "a term period needs a term");
        }
        return new CoveragePeriod(term.start(), term.end());
    }

    /** The period of a kind holding the date; {@code term} may be null unless kind is TERM. */
    public static CoveragePeriod of(Kind kind, LocalDate date, Term term) {
        if (kind == Kind.TERM) {
            return term(term);
        }
        if (date == null) {
            throw SchedulerException.invalid("date", "a " + kind + " period needs a date");
        }
        return kind == Kind.WEEK ? week(date) : month(date);
    }

    /** As {@link #of(Kind, LocalDate, Term)} with the kind as text ({@code week|month|term}). */
    public static CoveragePeriod of(String kind, LocalDate date, Term term) {
        return of(Kind.parse(kind), date, term);
    }

    /**
     * As {@link #of(Kind, LocalDate, Term)}, the term being the plan's term holding the
     * date (the one that starts first if several do); {@code not_found} when none does.
     */
    public static CoveragePeriod of(String kind, LocalDate date, Plan plan) {
        Kind k = Kind.parse(kind);
        return k == Kind.TERM ? term(termHolding(plan, date)) : of(k, date, null);
    }

    /** The plan's term whose days include the date (the one that starts first if several do). */
    public static Term termHolding(Plan plan, LocalDate date) {
        if (date == null) {
            throw SchedulerException.invalid("date", "a term period needs a date");
        }
        return plan.terms().values().stream()
                .filter(t -> !date.isBefore(t.start()) && !date.isAfter(t.end()))
                .min(Comparator.comparing(Term::start).thenComparing(Term::id))
                .orElseThrow(() -> SchedulerException.notFound("term holding date", date.toString()));
    }

    /** True when the date is in the period. */
    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }
}
