package io.sanke.scheduler.http;

import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.coverage.CoverageCalculator;
import io.sanke.scheduler.coverage.CoverageReport;
import io.sanke.scheduler.coverage.Scope;
import io.sanke.scheduler.ical.ICalendarWriter;
import io.sanke.scheduler.store.SchedulerStore;
import io.sanke.scheduler.store.ValidationException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.sanke.scheduler.http.Requests.checkRange;
import static io.sanke.scheduler.http.Requests.dateParam;
import static io.sanke.scheduler.http.Requests.json;
import static io.sanke.scheduler.http.Requests.text;
import static io.sanke.scheduler.http.Requests.today;

/**
 * {@code GET /coverage} (JSON or CSV) and the iCalendar feeds: picks the period and the
 * sessions (plan-derived merged with stored states) and hands them to
 * {@link CoverageCalculator} / {@link ICalendarWriter}. Computes no figure itself.
 */
final class ReportHandlers {
    private final SchedulerStore store;
    private final Clock clock;
    private final CoverageCalculator coverage = new CoverageCalculator();

    ReportHandlers(SchedulerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }


    void coverage(RoutingContext ctx) {
        Plan plan = store.plan();
        String type = ctx.request().getParam("scope", "all");
        String id = ctx.request().getParam("id");
        Scope scope = switch (type) {
            case "all" -> Scope.ALL;
            case "region" -> new Scope("region", known(plan.regions(), id, "region"));
            case "school" -> new Scope("school", known(plan.schools(), id, "school"));
            case "pairing" -> new Scope("pairing", known(plan.pairings(), id, "pairing"));
            default -> throw ValidationException.invalid("scope", "must be all, region, school or pairing");
        };
        LocalDate[] range = period(ctx, plan);
        boolean csv = ctx.request().path().endsWith(".csv")
                || ctx.request().getHeader("Accept") != null && ctx.request().getHeader("Accept").contains("text/csv");
        Future<CoverageReport> report = store.sessions(range[0], range[1])
                .compose(sessions -> store.publishedRecordings()
                        .map(recordings -> coverage.compute(plan, sessions, recordings, scope, range[0], range[1], clock.instant())));
        report.onSuccess(r -> {
            if (csv) {
                text(ctx, "text/csv; charset=utf-8", r.toCsv());
            } else {
                json(ctx, 200, r);
            }
        }).onFailure(ctx::fail);
    }

    private LocalDate[] period(RoutingContext ctx, Plan plan) {
        String fromParam = ctx.request().getParam("from");
        String toParam = ctx.request().getParam("to");
        if (fromParam != null || toParam != null) {
            LocalDate from = dateParam(ctx, "from", null);
            LocalDate to = dateParam(ctx, "to", null);
            if (from == null || to == null) {
                throw ValidationException.invalid(from == null ? "from" : "to", "from and to go together");
            }
            checkRange(from, to);
            return new LocalDate[] {from, to};
        }
        LocalDate date = dateParam(ctx, "date", today(clock));
        String period = ctx.request().getParam("period", "week");
        return switch (period) {
            case "week" -> new LocalDate[] {date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    date.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))};
            case "month" -> new LocalDate[] {date.withDayOfMonth(1), date.with(TemporalAdjusters.lastDayOfMonth())};
            case "term" -> {
                Term term = termOn(plan, date);
                if (term == null) {
                    throw new ValidationException("not_found", 404, "date", "no term holds the date [date:" + date + "]");
                }
                yield new LocalDate[] {term.start(), term.end()};
            }
            default -> throw ValidationException.invalid("period", "must be week, month or term");
        };
    }

    private static String known(Map<String, ?> map, String id, String what) {
        if (id == null || id.isBlank()) {
            throw ValidationException.invalid("id", "is required for scope " + what);
        }
        if (!map.containsKey(id)) {
            throw SchedulerException.notFound(what, id);
        }
        return id;
    }

    private static Term termOn(Plan plan, LocalDate date) {
        return plan.terms().values().stream()
                .filter(t -> !date.isBefore(t.start()) && !date.isAfter(t.end()))
                .min(Comparator.comparing(Term::start)).orElse(null);
    }


    void teacherCalendar(RoutingContext ctx) {
        Plan plan = store.plan();
        String id = icsId(ctx);
        var teacher = plan.teachers().get(id);
        if (teacher == null) {
            throw SchedulerException.notFound("teacher", id);
        }
        calendar(ctx, plan, teacher.name(), p -> id.equals(p.masterTeacherId())
                || p.listening().stream().anyMatch(l -> id.equals(l.assistantTeacherId())));
    }

    void classroomCalendar(RoutingContext ctx) {
        Plan plan = store.plan();
        String id = icsId(ctx);
        var classroom = plan.classrooms().get(id);
        if (classroom == null) {
            throw SchedulerException.notFound("classroom", id);
        }
        calendar(ctx, plan, classroom.name(), p -> id.equals(p.masterClassroomId())
                || p.listening().stream().anyMatch(l -> id.equals(l.classroomId())));
    }

    private static String icsId(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".ics")) {
            throw SchedulerException.notFound("calendar", file);
        }
        return file.substring(0, file.length() - 4);
    }

    private void calendar(RoutingContext ctx, Plan plan, String name, Predicate<Pairing> involved) {
        LocalDate today = today(clock);
        Term term = termOn(plan, today);
        if (term == null) {
            term = plan.terms().values().stream().filter(t -> !t.end().isBefore(today))
                    .min(Comparator.comparing(Term::start)).orElse(null);
        }
        Set<String> pairings = new HashSet<>();
        plan.pairings().values().stream().filter(involved).forEach(p -> pairings.add(p.id()));
        Future<List<LessonSession>> sessions = term == null ? Future.succeededFuture(List.of())
                : store.sessions(term.start(), term.end());
        sessions.map(all -> all.stream().filter(s -> pairings.contains(s.pairingId())).toList())
                .map(mine -> ICalendarWriter.feed(name, mine, plan, clock.instant()))
                .onSuccess(ics -> text(ctx, "text/calendar; charset=utf-8", ics))
                .onFailure(ctx::fail);
    }
}
