package io.sanke.scheduler.http;

import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.csv.CsvExport;
import io.sanke.scheduler.csv.CsvImport;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.EntityKind;
import io.sanke.scheduler.store.SchedulerStore;
import io.sanke.scheduler.store.ValidationException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.sanke.scheduler.http.Requests.coordinator;
import static io.sanke.scheduler.http.Requests.force;
import static io.sanke.scheduler.http.Requests.json;
import static io.sanke.scheduler.http.Requests.text;

/**
 * {@code POST /import/{kind}} and {@code GET /export/{kind}.csv}: hands the text to
 * {@link CsvImport} / {@link CsvExport} and the parsed rows to the store, all or nothing.
 * Does not parse CSV itself.
 */
final class CsvHandlers {
    private static final Set<String> IMPORTABLE = Set.of("schools", "classrooms", "teachers", "timetable");

    private final SchedulerStore store;

    CsvHandlers(SchedulerStore store) {
        this.store = store;
    }


    void importCsv(RoutingContext ctx) {
        Actor who = coordinator(ctx);
        String kindName = ctx.pathParam("kind");
        if (!IMPORTABLE.contains(kindName)) {
            throw SchedulerException.notFound("import kind", kindName);
        }
        String csv = ctx.body().asString(StandardCharsets.UTF_8.name());
        if (csv == null || csv.isBlank()) {
            throw ValidationException.invalid("body", "a CSV file is required");
        }
        Plan plan = store.plan();
        Future<? extends List<?>> done = switch (kindName) {
            case "schools" -> imported(EntityKind.SCHOOLS, CsvImport.schools(csv, plan), who, ctx);
            case "classrooms" -> imported(EntityKind.CLASSROOMS, CsvImport.classrooms(csv, plan), who, ctx);
            case "teachers" -> imported(EntityKind.TEACHERS, CsvImport.teachers(csv, plan), who, ctx);
            default -> imported(EntityKind.TIMETABLE, CsvImport.timetable(csv, plan), who, ctx);
        };
        done.onSuccess(rows -> json(ctx, 200, Map.of("imported", rows.size(), "kind", kindName)))
                .onFailure(ctx::fail);
    }

    private <T> Future<List<T>> imported(EntityKind<T> kind, CsvImport.Result<T> result, Actor who, RoutingContext ctx) {
        if (!result.ok()) {
            return Future.failedFuture(new RowsException(result.errors().stream()
                    .map(e -> new RowsException.Row(e.line(), e.field(), e.reason())).toList()));
        }
        return store.importRows(kind, result.rows(), who, force(ctx)).recover(e -> {
            if (e instanceof SchedulerStore.RowsRejectedException r) {
                // the CSV reader accepted the rows; line = data row index + 2 (after the header line)
                return Future.failedFuture(new RowsException(r.problems().stream()
                        .map(p -> new RowsException.Row(p.index() + 2, p.field(), p.reason())).toList()));
            }
            return Future.failedFuture(e);
        });
    }

    void exportCsv(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String kindName = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : "";
        if (!IMPORTABLE.contains(kindName)) {
            throw SchedulerException.notFound("export", file);
        }
        String h = ctx.request().getParam("headers", "zh").toLowerCase(Locale.ROOT);
        if (!h.equals("zh") && !h.equals("en")) {
            throw ValidationException.invalid("headers", "must be zh or en");
        }
        CsvExport.Headers headers = h.equals("zh") ? CsvExport.Headers.ZH : CsvExport.Headers.EN;
        Plan plan = store.plan();
        String csv = switch (kindName) {
            case "schools" -> CsvExport.schools(sorted(EntityKind.SCHOOLS, plan), plan, headers);
            case "classrooms" -> CsvExport.classrooms(sorted(EntityKind.CLASSROOMS, plan), plan, headers);
            case "teachers" -> CsvExport.teachers(sorted(EntityKind.TEACHERS, plan), plan, headers);
            default -> CsvExport.timetable(sorted(EntityKind.TIMETABLE, plan), plan, headers);
        };
        ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + kindName + ".csv\"");
        text(ctx, "text/csv; charset=utf-8", csv);
    }

    private static <T> List<T> sorted(EntityKind<T> kind, Plan plan) {
        return kind.in(plan).values().stream().sorted(Comparator.comparing(kind::idOf)).toList();
    }
}
