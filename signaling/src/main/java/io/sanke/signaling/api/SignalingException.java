package io.sanke.signaling.api;

/**
 * A refused request: carries the wire {@link ErrorCode} and an English detail naming
 * the ids involved in brackets ({@code "participant not found [id:c-1]"}). A refused
 * request changes nothing.
 */
public final class SignalingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public SignalingException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static SignalingException of(ErrorCode code, String detail) {
        return new SignalingException(code, detail);
    }
}
