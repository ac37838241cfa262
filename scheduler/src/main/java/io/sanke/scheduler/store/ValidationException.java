package io.sanke.scheduler.store;

import io.sanke.scheduler.api.SchedulerException;

/** Bad input naming the offending field ({@code field} of the wire error). */
public final class ValidationException extends SchedulerException {
    private final String field;

    public ValidationException(String code, int httpStatus, String field, String message) {
        super(code, httpStatus, message);
        this.field = field;
    }

    /** A missing or ill-formed field: 400. */
    public static ValidationException invalid(String field, String reason) {
        return new ValidationException("invalid", 400, field, field + ": " + reason);
    }

    /** A field naming an id that does not exist: 422. */
    public static ValidationException unknownReference(String field, String what, String id) {
        return new ValidationException("unknown_reference", 422, field, field + ": " + what + " not found [id:" + id + "]");
    }

    public String field() {
        return field;
    }
}
