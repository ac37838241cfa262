package io.sanke.scheduler.http;

import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.store.ValidationException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reading request parameters (each bad one named in a 400) and writing responses; the caller's role. */
final class Requests {
    static final String ACTOR = "sanke.actor";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_RANGE_DAYS = 400;

    private Requests() {
    }

    static Actor actor(RoutingContext ctx) {
        return ctx.get(ACTOR);
    }

    /** The caller, who must be a coordinator (else 403). */
    static Actor coordinator(RoutingContext ctx) {
        Actor a = actor(ctx);
        if (!a.isCoordinator()) {
            throw new SchedulerException("forbidden", 403, "only coordinators may change the plan [role:" + a.role() + "]");
        }
        return a;
    }

    static boolean force(RoutingContext ctx) {
        String f = ctx.request().getParam("force");
        return f != null && (f.equals("true") || f.equals("1"));
    }

    static int offset(RoutingContext ctx) {
        return intParam(ctx, "offset", 0, 0, 1_000_000);
    }

    static int limit(RoutingContext ctx) {
        return intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), SessionCalendar.ZONE);
    }

    static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ValidationException.invalid("to", "must not be before from");
        }
        if (from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
            throw ValidationException.invalid("to", "range longer than " + MAX_RANGE_DAYS + " days");
        }
    }

    static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ValidationException.invalid(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ValidationException.invalid(name, "must be a whole number");
        }
    }

    static LocalDate dateParam(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ValidationException.invalid(name, "must be a date YYYY-MM-DD");
        }
    }

    static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.invalid(name, "unknown value '" + v + "'");
        }
    }

    static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onSuccess(v -> json(ctx, status, v)).onFailure(ctx::fail);
    }

    static void json(RoutingContext ctx, int status, Object value) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.write(value));
    }

    static void text(RoutingContext ctx, String contentType, String body) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", contentType).end(body);
    }

}
