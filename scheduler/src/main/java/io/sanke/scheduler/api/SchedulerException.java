package io.sanke.scheduler.api;

/**
 * The scheduler's exception family: each carries a wire code and an HTTP status.
 * Messages put ids in brackets: {@code "pairing not found [id:p-1]"}.
 */
public class SchedulerException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public SchedulerException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static SchedulerException notFound(String what, String id) {
        return new SchedulerException("not_found", 404, what + " not found [id:" + id + "]");
    }

    public static SchedulerException invalid(String field, String reason) {
        return new SchedulerException("invalid", 400, field + ": " + reason);
    }
}
