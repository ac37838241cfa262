package io.sanke.recorder.testing;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.jobs.RecordingControl;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.api.SessionState;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Lesson events as the scheduler announces them, and recordings brought to a given state through the real control path. */
public final class Lessons {
    private Lessons() {
    }

    public static LessonEvent started(String sessionId, LocalDate date, Instant at, boolean autoRecord) {
        LessonSession s = new LessonSession(sessionId, "e1", "p1", date, at, at.plusSeconds(2700), SessionState.LIVE,
                at, null, false);
        Pairing p = new Pairing("p1", "m1", List.of(new PairedClassroom("l1", "t-a1")), "语文", "五年级", "t-master",
                LessonProfile.STANDARD, autoRecord);
        return new LessonEvent(LessonEvent.STARTED, sessionId, at, s, p, List.of(
                new Participant(Participant.Role.MASTER_TEACHER, "t-master", "陈静", "s-urban", "m1"),
                new Participant(Participant.Role.MASTER_CLASSROOM, "m1", "县第一小学 主讲教室", "s-urban", "m1"),
                new Participant(Participant.Role.LISTENING_CLASSROOM, "l1", "李家村教学点", "s-v1", "l1"),
                new Participant(Participant.Role.ASSISTANT_TEACHER, "t-a1", "林芳", "s-v1", "l1")), null);
    }

    /** Records a lesson and stops it: the recording is RECORDED with its transcode job queued. */
    public static Recording recorded(RecordingControl control, Catalog catalog, String sessionId, Instant at) {
        control.start(started(sessionId, LocalDate.of(2026, 9, 7), at, true), "manual", Caller.SYSTEM).await();
        Recording r = control.stop(sessionId, Caller.SYSTEM).await();
        if (r.state() != RecordingState.RECORDED) {
            throw new AssertionError("not recorded: " + r);
        }
        return r;
    }
}
