package io.sanke.scheduler.store;

/**
 * Who makes a change: a token's subject and role, or the scheduler itself.
 *
 * @param teacherId the teacher the user is, for role {@code teacher}; else {@code null}
 */
public record Actor(String subject, String role, String teacherId) {
    public static final String COORDINATOR = "coordinator";
    public static final String TEACHER = "teacher";
    public static final String VIEWER = "viewer";
    /** Reviews recorded lessons in the recorder's library; reads the plan like a viewer. */
    public static final String REVIEWER = "reviewer";

    /** The lifecycle tick and the recording consumer. */
    public static final Actor SYSTEM = new Actor("system", "system", null);

    public boolean isCoordinator() {
        return COORDINATOR.equals(role);
    }
}
