package io.sanke.recorder.api;

/**
 * The recorder's one exception type, carrying a wire code and an HTTP status; the
 * REST layer turns it into {@code {"error":{"code","message"}}}.
 */
public final class RecorderException extends RuntimeException {
    private final String code;
    private final int status;

    public RecorderException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public RecorderException(String code, int status, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
    }

    public static RecorderException notFound(String what, String id) {
        return new RecorderException("not_found", 404, what + " not found [id:" + id + "]");
    }

    public static RecorderException invalid(String message) {
        return new RecorderException("invalid", 400, message);
    }

    public static RecorderException forbidden(String message) {
        return new RecorderException("forbidden", 403, message);
    }

    public static RecorderException invalidState(String id, RecordingState from, RecordingState to) {
        return new RecorderException("invalid_state", 409,
                "recording cannot go from " + from + " to " + to + " [id:" + id + "]");
    }

    /** A repository (S3) failure; retried by uploads and jobs. */
    public static RecorderException storage(String message, Throwable cause) {
        return new RecorderException("storage", 503, message, cause);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
