package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.Recurrence;
import io.sanke.scheduler.api.Ref;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link io.sanke.scheduler.api.ConflictKind#OUTSIDE_TERM}: an entry whose term does not exist, a one-off
 * lesson without a date or dated outside its term, a recurring entry whose {@code from} or {@code until}
 * is outside its term; {@link io.sanke.scheduler.api.ConflictKind#ON_HOLIDAY}: a one-off lesson on a
 * holiday of its term. Does not look at other entries.
 */
final class TermRule {
    private TermRule() {
    }

    static void check(Plan plan, List<Conflict> out) {
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
}
