package io.sanke.recorder.api;

/**
 * Who calls the recorder, from the scheduler's JWT claims ({@code sub}, {@code role},
 * {@code teacherId}). Roles: {@code coordinator}, {@code teacher}, {@code viewer} and
 * {@code reviewer} (审核员: publishes or rejects recordings).
 */
public record Caller(String subject, String role, String teacherId) {
    public static final String COORDINATOR = "coordinator";
    public static final String TEACHER = "teacher";
    public static final String VIEWER = "viewer";
    public static final String REVIEWER = "reviewer";

    public static final Caller SYSTEM = new Caller("system", "system", null);

    public boolean isReviewer() {
        return REVIEWER.equals(role);
    }

    public boolean isCoordinator() {
        return COORDINATOR.equals(role);
    }

    /** Reviewers and coordinators see recordings in every state; everyone else only published ones. */
    public boolean seesUnpublished() {
        return isReviewer() || isCoordinator();
    }
}
