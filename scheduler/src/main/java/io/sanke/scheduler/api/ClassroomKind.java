package io.sanke.scheduler.api;

/** What a classroom is equipped for. */
public enum ClassroomKind {
    /** An urban master classroom (主讲课堂) that delivers lessons. */
    MASTER,
    /** A listening classroom (听讲课堂), usually in a rural teaching point. */
    LISTENING,
    /** A famous-teacher studio (名师工作室). */
    STUDIO
}
